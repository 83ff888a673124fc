"""Pure parts of the run artifacts: keys, summary text, report links, and warnings in the CLI summary."""

from dataclasses import asdict

import pytest

from tasks.run.artifacts import artifact_key, report_link, run_table, summary_markdown
from tasks.run.state import SubflowResult
from tasks.storage.local import LocalStorage


@pytest.mark.parametrize(
    "name,kind,key",
    [
        ("vbooks", "summary", "vtasks-vbooks-summary"),
        ("money_lover", "report", "vtasks-money-lover-report"),
        ("Gcal", "report-Week View", "vtasks-gcal-report-week-view"),
    ],
)
def test_artifact_key_is_stable_and_valid(name, kind, key):
    assert artifact_key(name, kind) == key


def test_summary_names_counts_error_and_warnings():
    result = SubflowResult(
        "money",
        "Failed",
        rows=10,
        rows_read=12,
        uploads=1,
        skips=2,
        message="InputError: bad",
        warnings=["2 rows dropped"],
    )
    text = summary_markdown(result)
    assert "| rows read | 12 |" in text and "| rows written | 10 |" in text
    assert "| files uploaded | 1 |" in text and "| files unchanged (skipped) | 2 |" in text
    assert "**Error:** InputError: bad" in text and "- 2 rows dropped" in text
    assert "No warnings." in summary_markdown(SubflowResult("vbooks", "Completed"))


def test_report_link_is_a_file_uri_for_local_storage(tmp_path):
    assert report_link(LocalStorage(tmp_path), "vbooks/vbooks.html") == (tmp_path / "vbooks/vbooks.html").as_uri()


def test_run_table_and_cli_summary_show_warnings(capsys):
    from flows.cli import print_summary

    result = SubflowResult("vbooks", "Completed", warnings=["one book has no author"])
    assert run_table([result])[0]["warnings"] == 1
    print_summary({"results": [asdict(result)], "storage": "/data", "index": "/data/index.html"})
    assert "vbooks warning: one book has no author" in capsys.readouterr().out
