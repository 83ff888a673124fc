"""Prefect artifacts of a run: a summary and report links per subflow, and a table of all subflows.

Keys are stable per subflow (`vtasks-vbooks-summary`), so the Prefect UI shows each one's history.
"""

from __future__ import annotations

import re
from pathlib import Path

from prefect.artifacts import create_table_artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import ArtifactCreate

from config.masking import mask_data
from tasks.run.state import SubflowResult
from tasks.storage.base import Storage

KEY_RUN_TABLE = "vtasks-run-summary"


def artifact_key(name: str, kind: str) -> str:
    """`vtasks-money-lover-summary`: Prefect keys allow lowercase letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9-]+", "-", f"vtasks-{name}-{kind}".lower()).strip("-")


def summary_markdown(result: SubflowResult) -> str:
    """What one subflow did, as a small markdown table plus its warnings."""
    lines = [
        f"### vtasks.{result.name}: {result.state}",
        "",
        "| | |",
        "|---|---|",
        f"| rows read | {result.rows_read if result.rows_read is not None else result.rows} |",
        f"| rows written | {result.rows} |",
        f"| files uploaded | {result.uploads} |",
        f"| files unchanged (skipped) | {result.skips} |",
        f"| newest data | {result.newest or '-'} |",
        f"| reports rebuilt | {', '.join(result.reports) or '-'} |",
        f"| seconds | {result.duration_s:.1f} |",
    ]
    if result.message:
        lines += ["", f"**Error:** {result.message}"]
    lines += ["", "**Warnings:**" if result.warnings else "No warnings."]
    lines += [f"- {w}" for w in result.warnings]
    lines += [f"- reminder: {r}" for r in result.reminders]
    return "\n".join(lines)


def report_link(storage: Storage, path: str) -> str:
    """A link a browser can follow: `file://` for the local folder, the Dropbox path otherwise."""
    where = storage.describe(path)
    return Path(where).as_uri() if Path(where).is_absolute() else where


def run_table(results: list[SubflowResult]) -> list[dict]:
    return [
        {
            "subflow": r.name,
            "state": r.state,
            "seconds": r.duration_s,
            "rows": r.rows,
            "uploaded": r.uploads,
            "unchanged": r.skips,
            "newest": r.newest or "",
            "warnings": len(r.warnings),
            "message": r.message[:300],
        }
        for r in results
    ]


def subflow_artifacts(result: SubflowResult, storage: Storage, reports: list[str]) -> list[dict]:
    """The artifacts of one subflow run: its summary, then one link per report (stable keys)."""
    artifacts = [
        dict(
            key=artifact_key(result.name, "summary"),
            type="markdown",
            data=summary_markdown(result),
            description=f"What vtasks.{result.name} read, wrote and warned about",
        )
    ]
    for report in reports:
        kind = "report" if len(reports) == 1 else f"report-{Path(report).stem}"
        artifacts.append(
            dict(
                key=artifact_key(result.name, kind),
                type="link",
                data=report_link(storage, report),
                description=f"The {report} report",
            )
        )
    return artifacts


def publish_subflow_artifacts(result: SubflowResult, storage: Storage, reports: list[str], flow_run_id) -> None:
    """Attach the artifacts to the subflow's own flow run, so each shows under that run in the UI."""
    with get_client(sync_client=True) as client:
        for artifact in subflow_artifacts(result, storage, reports):
            client.create_artifact(ArtifactCreate(flow_run_id=flow_run_id, **mask_data(artifact)))


def publish_run_table(results: list[SubflowResult]) -> None:
    """The root run's table of every subflow; call inside the root flow so it attaches to that run."""
    create_table_artifact(
        mask_data(run_table(results)), key=KEY_RUN_TABLE, description="Every subflow of this vtasks run"
    )
