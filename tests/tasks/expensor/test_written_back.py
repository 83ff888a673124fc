"""Written-back columns as expensor's balance rows: one source per value, the sheet's or the table's."""

import pandas as pd
import pytest

from config.write_back import CryptosWriteBack, IndexaWriteBack
from tasks.expensor.worth import upstream_balances
from tasks.expensor.written_back import SheetValue, sheet_value_balances, sheet_values, without_sheet_values
from tasks.validation import ATTR_NUMBER_FORMAT, InputError

CRYPTOS = CryptosWriteBack(spreadsheet="expensor_data", total={"worksheet": "worth_m", "column": "crypto"})
INDEXA = IndexaWriteBack(
    spreadsheet="expensor_data", accounts={"FND": {"value": {"worksheet": "worth_m", "column": "indexa"}}}
)


def test_sheet_values_from_the_settings():
    assert sheet_values(CRYPTOS, INDEXA) == [
        SheetValue("expensor_data", "worth_m", "crypto", "worth", "Cryptos", "Crypto"),
        SheetValue("expensor_data", "worth_m", "indexa", "worth", "FND", "Indexa"),
    ]
    assert sheet_values(None, None) == []


def test_table_rows_read_from_the_sheet_instead_are_dropped_and_no_others():
    months = [pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01")]
    cryptos = pd.DataFrame({"month": months, "total": [1.0, 2.0]})
    indexa = pd.DataFrame({"month": months, "account": ["FND", "FND"], "invested": [5.0, 6.0], "value": [7.0, 8.0]})
    kept = without_sheet_values(upstream_balances(cryptos, indexa), sheet_values(CRYPTOS, INDEXA))
    assert kept[["kind", "account", "amount"]].values.tolist() == [["invested", "FND", 5.0], ["invested", "FND", 6.0]]
    assert len(without_sheet_values(upstream_balances(cryptos, indexa), [])) == 6


def test_a_written_back_column_as_balance_rows_blanks_skipped():
    raw = pd.DataFrame(
        {"Month": ["2026/09", "2026-10-01", "2026/11"], "crypto": [None, "1.234,50 €", 99.5], "Bank": [1, 2, 3]},
        dtype=object,
    )
    raw.attrs[ATTR_NUMBER_FORMAT] = "spanish"
    rows = sheet_value_balances(raw, sheet_values(CRYPTOS, None)[0], "expensor_data / worth_m", {"date": "Month"})
    assert rows.values.tolist() == [
        [pd.Timestamp("2026-10-01"), "worth", "Cryptos", "Crypto", 1234.5],
        [pd.Timestamp("2026-11-01"), "worth", "Cryptos", "Crypto", 99.5],
    ]


def test_a_missing_written_back_column_is_named():
    raw = pd.DataFrame({"Date": ["2026/11"]}, dtype=object)
    with pytest.raises(InputError, match="expensor_data / worth_m: missing column 'crypto'"):
        sheet_value_balances(raw, sheet_values(CRYPTOS, None)[0], "expensor_data / worth_m")
