"""Columns of the exported run tables (one row per Prefect run, its latest known state)."""

COL_ID = "id"
COL_NAME = "name"
COL_FLOW = "flow"  # flow name for flow runs, the flow run id for task runs
COL_FLOW_RUN = "flow_run_id"
COL_STATE = "state"  # Prefect state type: COMPLETED, FAILED, CRASHED, RUNNING, ...
COL_STATE_NAME = "state_name"
COL_START = "start"
COL_END = "end"
COL_SECONDS = "seconds"
COL_UPDATED = "updated"
COL_TAGS = "tags"

FLOW_RUN_COLUMNS = [
    COL_ID,
    COL_NAME,
    COL_FLOW,
    COL_STATE,
    COL_STATE_NAME,
    COL_START,
    COL_END,
    COL_SECONDS,
    COL_UPDATED,
    COL_TAGS,
]
TASK_RUN_COLUMNS = [
    COL_ID,
    COL_NAME,
    COL_FLOW_RUN,
    COL_STATE,
    COL_STATE_NAME,
    COL_START,
    COL_END,
    COL_SECONDS,
    COL_UPDATED,
]

BAD_STATES = {"FAILED", "CRASHED", "CANCELLED"}

from tasks.run.history_guard import History  # noqa: E402

# The run history: merged by run id, a run once exported is never dropped.
FLOW_RUNS_HISTORY = History("vprefect", (COL_ID,), kind="append")
TASK_RUNS_HISTORY = History("vprefect", (COL_ID,), kind="append")
