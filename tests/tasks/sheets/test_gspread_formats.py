"""The Sheets emulator answers like the API: what the user sees for FORMATTED_VALUE, raw values otherwise."""

from datetime import date

import gspread
import pytest
from gspread.exceptions import APIError
from gspread.utils import DateTimeOption, ValueRenderOption

from tasks.sheets.gspread_sheets import GspreadSheets
from tasks.validation import Column, validated_frame
from tests.emulators.sheets_format import Typed
from tests.emulators.sheets_store import Store

ROW = [
    Typed(1234.56, "CURRENCY"),
    Typed(-0.125, "PERCENT"),
    Typed.day(date(2023, 3, 1), "dd/mm/yyyy"),
    Typed.day(date(2023, 3, 1)),
    2.5,
    412,
    "2023/03",
    True,
]
SHOWN = {
    "es_ES": ["1.234,56 €", "-12,50 %", "01/03/2023", "1/3/2023", "2,5", "412", "2023/03", "TRUE"],
    "en_US": ["$1,234.56", "-12.50%", "01/03/2023", "3/1/2023", "2.5", "412", "2023/03", "TRUE"],
}
SERIAL = 44986  # 2023-03-01 as days since 1899-12-30


@pytest.fixture
def client(emu):
    from tasks.storage.redirect import redirect_session

    return gspread.Client(auth=None, session=redirect_session(emu.url))


@pytest.mark.parametrize("locale", sorted(SHOWN))
def test_formatted_value_is_what_the_user_sees_in_the_sheets_locale(emu, client, locale):
    key = emu.load("money", {"Data": [ROW]}, locale=locale)
    sheet = client.open_by_key(key)
    assert sheet.locale == locale
    assert sheet.worksheet("Data").get_all_values() == [SHOWN[locale]]  # the default render option


def test_unformatted_value_gives_numbers_and_date_serials_or_date_strings(emu, client):
    worksheet = client.open_by_key(emu.load("money", {"Data": [ROW]}, locale="es_ES")).worksheet("Data")
    raw = [1234.56, -0.125, SERIAL, SERIAL, 2.5, 412, "2023/03", True]
    assert worksheet.get_values(value_render_option=ValueRenderOption.unformatted) == [raw]
    as_strings = worksheet.get_values(
        value_render_option=ValueRenderOption.unformatted, date_time_render_option=DateTimeOption.formatted_string
    )
    assert as_strings == [raw[:2] + ["01/03/2023", "1/3/2023"] + raw[4:]]


def test_a_bad_render_option_is_a_google_error_with_its_code(emu, client):
    sheet = client.open_by_key(emu.load("money", {"Data": [ROW]}))
    with pytest.raises(APIError) as error:
        sheet.values_get("Data", params={"valueRenderOption": "PRETTY"})
    assert error.value.code == 400 and "value_render_option" in error.value.error["message"]


def test_the_control_api_takes_and_gives_typed_cells():
    store = Store()
    cells = [
        {"value": "2023-03-01", "type": "DATE", "pattern": "yyyy/mm"},
        {"value": 5.5, "type": "CURRENCY", "decimals": 1},
    ]
    store.load("money", {"Data": [cells]}, locale="es_ES")
    stored = store.dump()[0]["worksheets"]["Data"][0]
    assert stored == [Typed.day(date(2023, 3, 1), "yyyy/mm"), Typed(5.5, "CURRENCY", None, 1)]
    assert [cell.as_json() for cell in stored] == cells


def test_date_cells_in_any_display_are_months_and_currency_cells_numbers(emu):
    """What a Spanish user's sheet holds as real cells reaches validation as dates and numbers."""
    emu.load(
        "expensor_data",
        {
            "liquid_m": [
                ["Date", "Bank"],
                [Typed.day(date(2023, 1, 1), "d/m/yyyy"), Typed(1234.56, "CURRENCY")],
                [Typed.day(date(2023, 2, 1), "mmm yyyy"), Typed(-12.5, "CURRENCY")],
            ]
        },
        locale="es_ES",
    )
    sheets = GspreadSheets(api_url=emu.url, number_formats={"expensor_data": "spanish"})
    raw = sheets.read_worksheet("expensor_data", "liquid_m")
    typed = validated_frame(raw, [Column("Date", "month", unique=True), Column("Bank", "float")], "liquid_m")
    assert typed["Date"].dt.strftime("%Y-%m").tolist() == ["2023-01", "2023-02"]
    assert typed["Bank"].tolist() == [1234.56, -12.5]
