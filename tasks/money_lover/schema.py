"""Columns of a Money Lover export (any case) and of `money_lover/transactions.parquet`."""

# Export headers after normalising (stripped, upper case); NOTE may be absent, extras are ignored.
COL_EXPORT_DATE = "DATE"
COL_EXPORT_CATEGORY = "CATEGORY"
COL_EXPORT_AMOUNT = "AMOUNT"
COL_EXPORT_NOTE = "NOTE"
REQUIRED_EXPORT_COLUMNS = [COL_EXPORT_DATE, COL_EXPORT_CATEGORY, COL_EXPORT_AMOUNT]
EXPORT_COLUMNS = [*REQUIRED_EXPORT_COLUMNS, COL_EXPORT_NOTE]

COL_DATE = "date"
COL_CATEGORY = "category"
COL_AMOUNT = "amount"
COL_TYPE = "type"
COL_NOTE = "note"
TRANSACTION_COLUMNS = [COL_DATE, COL_CATEGORY, COL_AMOUNT, COL_TYPE, COL_NOTE]

INCOMES, EXPENSES = "Incomes", "Expenses"
EXPORT_SUFFIXES = (".csv", ".xls", ".xlsx")

from tasks.run.history_guard import History  # noqa: E402  (beside the columns it names)

# A newer export is the full history: each stored transaction must still be in it (tasks/run/history_guard.py).
TRANSACTIONS_HISTORY = History("money_lover", (COL_DATE, COL_CATEGORY, COL_AMOUNT, COL_NOTE), date=COL_DATE)
