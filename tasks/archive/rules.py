"""Archive rules: `{macro}` patterns expanded to named regex groups, output templates rendered, roots enforced."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date

from config.subflows import ConfigError
from tasks.storage.base import StorageError, normalize_path

MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_NUMBERS = {
    **{m: i for i, m in enumerate(MONTHS_ES, 1)},
    "setiembre": 9,
    **{m: i for i, m in enumerate(MONTHS_EN, 1)},
    **{m[:3]: i for i, m in enumerate(MONTHS_EN, 1)},
}


def _names(group: str, names: list[str]) -> str:
    # Longest first, so "march" is not cut to "mar"; names match in any case.
    return f"(?P<{group}>(?i:{'|'.join(sorted(names, key=len, reverse=True))}))"


MACROS = {
    "year": r"(?P<year>\d{4})",
    "month": r"(?P<month>0[1-9]|1[0-2])",
    "day": r"(?P<day>0[1-9]|[12]\d|3[01])",
    "month_es": _names("month_es", [*MONTHS_ES, "setiembre"]),
    "month_en": _names("month_en", [*MONTHS_EN, *(m[:3] for m in MONTHS_EN)]),
    "quarter": r"(?P<quarter>[1-4]T|T[1-4]|Q[1-4]|[1-4]Q)",
    "text": r"(?P<text>.+?)",
    "extension": r"(?P<extension>[A-Za-z0-9]{1,10})",
}
MACRO = re.compile(r"\{([A-Za-z_]\w*)\}")
ALWAYS = {"name", "stem"}  # template fields every rule has: the file's name, without its extension


class RuleError(ConfigError):
    """An archive rule is invalid: unknown macro, bad regex, template field or a path outside the roots."""


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    output: str
    fields: frozenset[str]


def expanded_pattern(pattern: str, rule: str = "") -> str:
    """Replace each `{macro}` by its named group; any other `{word}` is an error, not a literal."""

    def expand(match: re.Match) -> str:
        if match.group(1) not in MACROS:
            raise RuleError(f"archive rule '{rule}': unknown macro {{{match.group(1)}}} (known: {', '.join(MACROS)})")
        return MACROS[match.group(1)]

    return MACRO.sub(expand, pattern)


def compiled_rule(name: str, pattern: str, output: str, roots: list[str]) -> Rule:
    """A checked rule: the regex compiles, the template uses only its fields and stays inside a root."""
    try:
        regex = re.compile(expanded_pattern(pattern, name))
    except re.error as exc:
        raise RuleError(f"archive rule '{name}': invalid pattern {pattern!r}: {exc}") from None
    groups = set(regex.groupindex)
    fields = frozenset(groups | ALWAYS | ({"month"} if groups & {"month_es", "month_en"} else set()))
    for _literal, field, spec, conversion in string.Formatter().parse(output):
        if field is not None and (field not in fields or spec or conversion):
            raise RuleError(
                f"archive rule '{name}': output {output!r} uses {{{field}}}; "
                f"expected one of {{{'}, {'.join(sorted(fields))}}} with no format"
            )
    sample = output.format_map({f: "x" for f in fields})
    inside_root(sample, roots, f"archive rule '{name}': output {output!r}")
    return Rule(name, regex, output, fields)


def inside_root(path: str, roots: list[str], what: str) -> str:
    """The normalised path if it lies inside one of `roots`; RuleError for `..` or outside paths. An
    absolute path (a Dropbox path, `/Docs/Legal/...`) lies only inside an absolute root."""
    if path.startswith("\\") or re.search(r"(^|[/\\])\.\.([/\\]|$)", path):
        raise RuleError(f"{what}: refused, '{path}' escapes the configured roots ({', '.join(roots)})")
    try:
        clean = normalize_path(path)
    except StorageError:
        raise RuleError(f"{what}: refused, '{path}' is not a relative path inside {', '.join(roots)}") from None
    if not any(clean == normalize_path(r) or clean.startswith(normalize_path(r) + "/") for r in roots):
        raise RuleError(f"{what}: refused, '{clean}' is outside the configured roots ({', '.join(roots)})")
    return clean


def rendered_target(rule: Rule, file_name: str) -> str | None:
    """The output path for a file name, None if the rule does not match; ValueError for an impossible date."""
    match = rule.regex.fullmatch(file_name)
    if match is None:
        return None
    values = {k: v for k, v in match.groupdict().items() if v is not None}
    values["name"], values["stem"] = file_name, file_name.rsplit(".", 1)[0]
    month_name = values.get("month_es") or values.get("month_en")
    if month_name and "month" not in values:
        values["month"] = f"{MONTH_NUMBERS[month_name.lower()]:02d}"
    if "quarter" in values:
        values["quarter"] = next(c for c in values["quarter"] if c.isdigit())
    if {"year", "month", "day"} <= values.keys():
        try:
            date(int(values["year"]), int(values["month"]), int(values["day"]))
        except ValueError:
            raise ValueError(
                f"'{file_name}' names no real date ({values['year']}-{values['month']}-{values['day']})"
            ) from None
    missing = [f for f in rule.fields if f not in values and f"{{{f}}}" in rule.output]
    if missing:
        raise ValueError(f"'{file_name}' matched without {', '.join(missing)}, which the output needs")
    return rule.output.format_map(values)
