"""Parsing Annex 2 indicator names: `科技型企业数（家）` is name 科技型企业数, unit 家."""

import re
from typing import NamedTuple

# Units used in Annex 2. A bracket holding anything else is a scope note.
UNITS = frozenset({"次", "家", "个", "项", "%", "亿元", "万元"})

_TRAILING_BRACKET = re.compile(r"（([^（）]*)）$")


class ParsedName(NamedTuple):
    name: str
    unit: str
    scope_note: str


def parse_indicator_name(name_as_written: str) -> ParsedName:
    """Split a name into short name, unit and scope note; unit is "" when the name has none."""
    rest = name_as_written.strip()
    unit = ""
    notes = []
    while match := _TRAILING_BRACKET.search(rest):
        content = match.group(1).strip()
        if content in UNITS and not unit:
            unit = content
        else:
            notes.insert(0, content)
        rest = rest[: match.start()].rstrip()
    return ParsedName(name=rest, unit=unit, scope_note="；".join(notes))
