"""Column names of the indexa output and the API paths it is read from."""

COL_MONTH = "month"
COL_ACCOUNT = "account"
COL_INVESTED = "invested"
COL_VALUE = "value"

PERFORMANCE_COLUMNS = [COL_MONTH, COL_ACCOUNT, COL_INVESTED, COL_VALUE]

PATH_ME = "/users/me"
PATH_PERFORMANCE = "/accounts/{account}/performance"

from tasks.run.history_guard import History  # noqa: E402

PERFORMANCE_HISTORY = History("indexa", (COL_MONTH, COL_ACCOUNT), date=COL_MONTH)
