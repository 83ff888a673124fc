"""Columns of `gcal/events.parquet`: one row per event occurrence, times in UTC."""

COL_CALENDAR = "calendar"
COL_SUMMARY = "summary"
COL_START = "start"  # UTC; all-day events start at midnight UTC of their first day
COL_END = "end"  # UTC, exclusive; all-day events end at midnight UTC after their last day
COL_HOURS = "hours"
COL_ALL_DAY = "all_day"

EVENT_COLUMNS = [COL_CALENDAR, COL_SUMMARY, COL_START, COL_END, COL_HOURS, COL_ALL_DAY]

# Report helpers.
COL_DAY = "day"
COL_PERIOD = "period"
COL_EVENTS = "events"  # a count of events

from tasks.run.history_guard import History  # noqa: E402

# Events come and go (deleted, moved, out of the window): only an emptied or much smaller table is refused.
EVENTS_HISTORY = History("gcal", (COL_CALENDAR, COL_START), kind="list")
