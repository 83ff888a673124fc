"""Archive rules: macro expansion, template rendering, dates from names, and paths kept inside the roots."""

import pytest

from tasks.archive.rules import RuleError, compiled_rule, expanded_pattern, inside_root, rendered_target

ROOTS = ["documents"]


def rule(pattern, output="documents/out/{name}"):
    return compiled_rule("test", pattern, output, ROOTS)


def test_macros_become_named_groups_and_quantifiers_stay():
    assert expanded_pattern(r"{year}_\d{2}") == r"(?P<year>\d{4})_\d{2}"
    with pytest.raises(RuleError, match=r"archive rule 'r': unknown macro \{yaer\}"):
        expanded_pattern("{yaer}", "r")


@pytest.mark.parametrize(
    "pattern, output, name, expected",
    [
        (
            r"{year}_{month}_{day} {text}\.{extension}",
            "documents/a/{year}/{year}_{month}_{day} {text}.{extension}",
            "2025_03_09 Payslip March.pdf",
            "documents/a/2025/2025_03_09 Payslip March.pdf",
        ),
        (
            r"Extracto {month_es} {year}\.pdf",
            "documents/b/{year}/{year}_{month}.pdf",
            "Extracto SEPTIEMBRE 2024.pdf",
            "documents/b/2024/2024_09.pdf",
        ),
        (
            r"Extracto {month_es} {year}\.pdf",
            "documents/b/{year}/{year}_{month}.pdf",
            "Extracto setiembre 2024.pdf",
            "documents/b/2024/2024_09.pdf",
        ),
        (
            r"Invoice {month_en} {year}\.pdf",
            "documents/c/{year}_{month} {month_en}.pdf",
            "Invoice Feb 2023.pdf",
            "documents/c/2023_02 Feb.pdf",
        ),
        (
            r"Invoice {month_en} {year}\.pdf",
            "documents/c/{year}_{month}.pdf",
            "Invoice march 2023.pdf",
            "documents/c/2023_03.pdf",
        ),
        (
            r"Modelo 303 {quarter} {year}\.pdf",
            "documents/t/{year} Q{quarter}.pdf",
            "Modelo 303 3T 2025.pdf",
            "documents/t/2025 Q3.pdf",
        ),
        (
            r"Modelo 303 {quarter} {year}\.pdf",
            "documents/t/{year} Q{quarter}.pdf",
            "Modelo 303 Q4 2025.pdf",
            "documents/t/2025 Q4.pdf",
        ),
        (
            r"(?P<kind>Nomina|Payslip) {year}\.{extension}",
            "documents/p/{year}/{stem}.{extension}",
            "Nomina 2021.PDF",
            "documents/p/2021/Nomina 2021.PDF",
        ),
    ],
)
def test_rendered_targets(pattern, output, name, expected):
    assert rendered_target(rule(pattern, output), name) == expected


def test_no_match_and_whole_name_only():
    r = rule(r"{year}\.pdf")
    assert rendered_target(r, "notes.txt") is None
    assert rendered_target(r, "x2024.pdf") is None  # the pattern must match the whole name


def test_impossible_date_in_a_name_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match=r"no real date \(2025-02-30\)"):
        rendered_target(rule(r"{year}_{month}_{day}\.pdf", "documents/{year}/{name}"), "2025_02_30.pdf")


@pytest.mark.parametrize(
    "output, message",
    [
        ("documents/{year}/{missing}", r"uses \{missing\}"),
        ("documents/{year!r}", r"uses \{year\}"),
        ("documents/{year:>8}", r"uses \{year\}"),
        ("documents/{year.real}", r"uses \{year.real\}"),
    ],
)
def test_templates_use_only_known_plain_fields(output, message):
    with pytest.raises(RuleError, match=message):
        rule(r"{year}\.pdf", output)


@pytest.mark.parametrize(
    "output",
    [
        "../outside/{name}",
        "/etc/{name}",
        "documents/../../{name}",
        "elsewhere/{name}",
        "documents/../private/{name}",
        "documentsX/{name}",
    ],
)
def test_outputs_escaping_the_root_are_refused(output):
    with pytest.raises(RuleError, match="refused"):
        rule(r"{year}\.pdf", output)


def test_inside_root_normalises_and_accepts_the_root_itself():
    assert inside_root("documents//a/./b.pdf", ROOTS, "x") == "documents/a/b.pdf"
    assert inside_root("documents", ROOTS, "x") == "documents"
    with pytest.raises(RuleError, match="escapes"):
        inside_root("documents/a/../../b", ROOTS, "x")
