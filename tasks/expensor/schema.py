"""Columns of the expensor_data worksheets and of the tables written under `expensor/`."""

from tasks.validation import Column

ACCOUNTS_COLUMNS = [Column("Name"), Column("Type"), Column("Subtype", blank="Other"), Column("Color", optional=True, blank="")]
CATEGORIES_COLUMNS = [Column("Name"), Column("Type"), Column("Color", optional=True, blank=""), Column("Order", "int", optional=True, blank=0)]
SALARY_COLUMNS = [Column("Date", "date")] + [Column(c, "float", blank=0.0) for c in ("Fixed", "Bonus", "EAGI")] + [Column("Total", "float", optional=True, blank=0.0)]
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

KIND_LIQUID, KIND_INVESTED, KIND_WORTH = "liquid", "invested", "worth"
SUBTYPE_CRYPTO, SUBTYPE_INDEXA = "Crypto", "Indexa"

from tasks.history_guard import History  # noqa: E402

# The monthly worksheets' history (liquid_m, invest_m, worth_m, salary); the tables derived from
# transactions follow money_lover's, which is guarded itself.
BALANCES_HISTORY = History("expensor", (COL_MONTH, COL_KIND, COL_ACCOUNT), date=COL_MONTH)
SALARY_HISTORY = History("expensor", (COL_MONTH,), date=COL_MONTH)
