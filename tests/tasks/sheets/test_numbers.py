"""Numbers written as text in plain or Spanish format, parsed by a pure function."""

import pytest

from tasks.sheets.numbers import parse_number

PARSED = [
    ("1.234,56 €", "spanish", 1234.56),
    ("-1.234,56 €", "spanish", -1234.56),
    ("€ 12,5", "spanish", 12.5),
    ("1.234.567", "spanish", 1234567.0),
    ("0,07", "spanish", 0.07),
    ("\u221242,00\u00a0€", "spanish", -42.0),  # Unicode minus and a non-breaking space, as Sheets writes them
    ("1\u202f234,5", "spanish", 1234.5),  # narrow no-break space as the thousands separator
    ("7", "spanish", 7.0),
    ("-12,5 %", "spanish", -0.125),  # a percent is the fraction a percent-formatted cell holds
    ("1.234,5\u00a0%", "spanish", 12.345),
    ("15%", "plain", 0.15),
    ("1,234.56", "plain", 1234.56),
    ("$1,234", "plain", 1234.0),
    ("-0.5", "plain", -0.5),
    (" 3 ", "plain", 3.0),
]

REFUSED = [
    ("1,234.56", "spanish"),  # plain written where Spanish was configured: not silently 1.23456
    ("12.34,5", "spanish"),  # thousands groups must be three digits
    ("1.234,", "spanish"),
    ("abc", "spanish"),
    ("", "plain"),
    ("1.234,56", "plain"),
    ("2024-01-05", "plain"),
    ("€", "spanish"),
    ("%", "spanish"),
]


@pytest.mark.parametrize("text, number_format, expected", PARSED)
def test_parse_number(text, number_format, expected):
    assert parse_number(text, number_format) == pytest.approx(expected)


@pytest.mark.parametrize("text, number_format", REFUSED)
def test_refused_text_names_the_expected_format(text, number_format):
    example = "1.234,56" if number_format == "spanish" else "1,234.56"
    with pytest.raises(ValueError, match=f"expected a number like {example}, got {text!r}"):
        parse_number(text, number_format)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown number format 'german'"):
        parse_number("1", "german")
