"""Every package the code imports is declared in pyproject.toml: the runtime code's in `dependencies`, the
tests' in the `test` extra (deptry, configured under `[tool.deptry]`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The tests may import the test extra (DEP004) and need not use every dependency (DEP002);
# tests/fixtures/real/make_fixtures.py is a one-off script whose xlwt is installed apart (its docstring says how).
TESTS_SCAN = [
    "--exclude",
    "(flows|tasks|reports|config)/",
    "--ignore",
    "DEP002,DEP004",
    "--per-rule-ignores",
    "DEP001=xlwt",
]


def deptry(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deptry", ".", "--no-ansi", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("args", [[], TESTS_SCAN], ids=["runtime", "tests"])
def test_every_import_is_declared(args):
    done = deptry(ROOT, *args)
    assert done.returncode == 0, done.stdout + done.stderr


def test_runtime_code_may_not_import_the_test_extra(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "__init__.py").write_text("")
    (tmp_path / "flows" / "leak.py").write_text("import pytest\nimport rich\n")
    done = deptry(tmp_path, "--ignore", "DEP002")  # a toy project uses none of the other dependencies
    report = done.stdout + done.stderr
    assert done.returncode == 1, report
    assert "flows/leak.py:1:8: DEP004 'pytest' imported but declared as a dev dependency" in report
    assert "'rich'" not in report  # declared
