"""requirements.txt (what Heroku's buildpack installs) stays in step with pyproject.toml and requirements.lock."""

from __future__ import annotations

import shutil
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.requirements import REPO, LockError, locked_versions, requirements_text

ALSO_RUNTIME = {"cryptography", "packaging"}


def pins(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if "==" in line and not line.startswith("#")]
    return {canonicalize_name(line.split("==")[0]): line.split("==")[1] for line in lines}


def test_requirements_txt_is_the_export_of_pyproject_and_the_lock():
    assert (REPO / "requirements.txt").read_text() == requirements_text(), "run: python -m tests.deploy.requirements"


def test_every_dependency_is_pinned_at_the_locked_version_and_the_project_installed():
    text = (REPO / "requirements.txt").read_text()
    pinned, locked = pins(text), locked_versions(REPO / "requirements.lock")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert {canonicalize_name(Requirement(r).name) for r in project["dependencies"]} <= set(pinned)
    assert {name: version for name, version in pinned.items() if locked[name][1] != version} == {}
    # Test-only packages stay out of the dyno (the tests import these two, which prefect needs at run time too).
    test_only = {
        canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["test"]
    } - ALSO_RUNTIME
    assert test_only & set(pinned) == set()
    assert ALSO_RUNTIME <= set(pinned)
    assert text.splitlines()[-1] == "."


def copy_project(tmp_path):
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def test_an_added_dependency_changes_the_export(tmp_path):
    repo = copy_project(tmp_path)
    pyproject = (repo / "pyproject.toml").read_text()
    (repo / "pyproject.toml").write_text(pyproject.replace('"pyyaml>=6",', '"pyyaml>=6",\n    "honcho>=2",'))
    assert "honcho==" in requirements_text(repo) and "honcho==" not in (REPO / "requirements.txt").read_text()


def test_a_dependency_the_lock_lacks_is_named(tmp_path):
    repo = copy_project(tmp_path)
    pyproject = (repo / "pyproject.toml").read_text()
    (repo / "pyproject.toml").write_text(
        pyproject.replace('"pyyaml>=6",', '"pyyaml>=6",\n    "not-a-locked-package>=1",')
    )
    with pytest.raises(LockError, match="not-a-locked-package.*not in requirements.lock"):
        requirements_text(repo)


def test_a_pin_outside_the_declared_range_is_named(tmp_path):
    repo = copy_project(tmp_path)
    pyproject = (repo / "pyproject.toml").read_text()
    (repo / "pyproject.toml").write_text(pyproject.replace('"pyyaml>=6",', '"pyyaml>=7",'))
    with pytest.raises(LockError, match="pins pyyaml==6.0.3, which does not satisfy 'pyyaml>=7'"):
        requirements_text(repo)
