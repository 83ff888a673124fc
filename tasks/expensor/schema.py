"""Columns of the expensor_data worksheets and of the tables written under `expensor/`."""

from tasks.validation import Column

# Colours are a Material palette name and shade (`red`, `500`); row order is display order.
COL_NAME, COL_SUBTYPE_SHEET, COL_COLOR_NAME, COL_COLOR_INDEX = "Name", "Subtype", "Color Name", "Color Index"
COLOR_COLUMNS = [Column(COL_COLOR_NAME, optional=True, blank=""), Column(COL_COLOR_INDEX, optional=True, blank="")]
ACCOUNTS_COLUMNS = [Column(COL_NAME), Column("Type"), Column(COL_SUBTYPE_SHEET, blank="Other"), *COLOR_COLUMNS]
CATEGORIES_COLUMNS = [Column(COL_NAME), Column("Type"), *COLOR_COLUMNS]
# Monthly worksheets are keyed by month (a date cell, YYYY-MM-DD, YYYY-MM, YYYY/MM or MM/YYYY), one row each.
SALARY_COLUMNS = (
    [Column("Date", "month", unique=True)]
    + [Column(c, "float", blank=0.0) for c in ("Fixed", "Bonus", "EAGI")]
    + [Column("Total", "float", optional=True, blank=0.0)]
)
ACCOUNT_TYPES = ("Liquid", "Investment")
# Balance worksheets: Date, then one column per account; a Total column is ours to recompute.
COL_SHEET_DATE, COL_SHEET_TOTAL = "Date", "Total"

COL_MONTH = "month"
COL_YEAR = "year"
COL_MONTH_NUMBER = "month_number"
COL_INCOMES = "incomes"
COL_EXPENSES = "expenses"
COL_RESULT = "result"
COL_SAVINGS_PCT = "savings_pct"
COL_TYPE = "type"
COL_CATEGORY = "category"
COL_AMOUNT = "amount"
COL_KIND = "kind"
COL_ACCOUNT = "account"
COL_SUBTYPE = "subtype"
COL_LIQUID = "liquid"
COL_INVESTED = "invested"
COL_WORTH = "worth"
COL_TOTAL_WORTH = "total_worth"
COL_MONTHLY_EXPENSES = "monthly_expenses"
COL_SURVIVAL_MONTHS = "survival_months"
COL_YEARS_COVERED = "years_covered"
COL_CUMULATIVE_INCOME = "cumulative_income"
COL_WORTH_PCT_INCOME = "worth_pct_income"
COL_INVESTED_PCT_INCOME = "invested_pct_income"
COL_TOTAL_WORTH_PCT_INCOME = "total_worth_pct_income"
COL_HELD_PCT_INCOME = "held_pct_income"
COL_SAVINGS_TREND = "savings_pct_trend"
COL_TREND = "trend"
COL_SO_FAR = "so_far"
COL_NOW = "now"
COL_LAST_YEAR = "last_year"
COL_COLOR = "color"
COL_ITEM = "name"  # what a colour is for: a category, account or subtype
COL_ORDER = "order"
COL_MEASURE = "measure"

KIND_LIQUID, KIND_INVESTED, KIND_WORTH = "liquid", "invested", "worth"
SUBTYPE_CRYPTO, SUBTYPE_INDEXA = "Crypto", "Indexa"

from tasks.run.history_guard import History  # noqa: E402

# The monthly worksheets' history (liquid_m, invest_m, worth_m, salary); the tables derived from
# transactions follow money_lover's, which is guarded itself.
BALANCES_HISTORY = History("expensor", (COL_MONTH, COL_KIND, COL_ACCOUNT), date=COL_MONTH)
SALARY_HISTORY = History("expensor", (COL_MONTH,), date=COL_MONTH)
