"""Line patterns of Vietnamese administrative documents: headings, bullets, closing block.

Shared by normalisation (a page-break join must never glue a heading to a paragraph) and by
the structure parser. Patterns are matched against the start of a line of normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Vietnamese point letters in document order (no f, j, w, z; đ follows d).
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_SEP = r"\s*[-–—.:)]\s*"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"^(?:PHẦN|Phần)\s+(?P<num>[IVXL]{1,6}|\d{1,2})(?:" + _SEP + r"(?P<title>.*))?$")),
    ("chapter", re.compile(r"^(?:CHƯƠNG|Chương)\s+(?P<num>[IVXL]{1,6}|\d{1,3})(?:" + _SEP + r"(?P<title>.*))?$")),
    ("muc", re.compile(r"^(?:MỤC|Mục)\s+(?P<num>\d{1,2})(?:" + _SEP + r"(?P<title>.*))?$")),
    ("article", re.compile(r"^(?:ĐIỀU|Điều)\s+(?P<num>\d{1,3}[a-z]?)\s*[.:]\s*(?P<title>.*)$")),
    ("roman", re.compile(r"^(?P<num>[IVXL]{1,6})" + _SEP + r"(?P<title>\S.*)$")),
    ("subitem", re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,2})\.?\s+(?P<title>\S.*)$")),
    ("numbered", re.compile(r"^(?P<num>\d{1,2})\s*\.\s+(?P<title>\S.*)$")),
    # "1)" items: top-level items in some plans, sub-lists inside a "1." item in others.
    ("paren", re.compile(r"^(?P<num>\d{1,2})\)\s+(?P<title>\S.*)$")),
    ("point", re.compile(r"^(?P<num>[" + POINT_LETTERS + r"])\)\s+(?P<title>\S.*)$")),
)

# "PHỤ LỤC I", "Phụ lục 2: ...", "PHỤ LỤC": an appendix heading.
APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?P<num>[IVXL]{1,5}|\d{1,2}|[A-Z]))?\s*(?:[:.\-–]\s*(?P<title>\S.*))?$")
BULLET = re.compile(r"^[-–—•+*]\s+\S")
# "Nơi nhận:" alone, or followed by the first recipient; never "Nơi nhận hồ sơ: ..." in a body.
CLOSING = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*(?::\s*(?:[-–•+].*)?)?$")
_SIGNATURE_START = re.compile(r"^(?:T/M|TM\.?|KT\.?|TL\.?|Q\.|TUQ\.)\s+\S")


def is_signature(line: str) -> bool:
    """Signature lines are written in capitals: "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH".
    (str.isupper, not a character range: ranges like à-ỹ also hold capitals such as Ư.)"""
    line = line.strip()
    return bool(_SIGNATURE_START.match(line)) and line.isupper()


@dataclass(frozen=True)
class Marker:
    """A heading found at the start of a line: its kind, its number as written and its title."""

    kind: str
    num: str
    title: str


def match_heading(line: str) -> Marker | None:
    """Return the heading marker at the start of a line, or None for body text and bullets."""
    stripped = line.strip()
    for kind, pattern in PATTERNS:
        m = pattern.match(stripped)
        if m:
            num = m.group("num")
            if kind in ("roman", "part", "chapter") and not _is_roman_or_digit(num):
                continue
            return Marker(kind, num, (m.group("title") or "").strip())
    return None


def is_structural(line: str) -> bool:
    """True when a line opens a heading, a bullet or the closing block."""
    s = line.strip()
    return bool(match_heading(s) or BULLET.match(s) or CLOSING.match(s) or is_signature(s))


def roman_to_int(numeral: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[c] for c in numeral.upper()]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


def ordinal(kind: str, num: str) -> int:
    """Position of a heading number in its sequence: 'IV' -> 4, '2.3' -> 3, 'đ' -> 5."""
    if kind == "point":
        return POINT_LETTERS.index(num) + 1
    last = num.split(".")[-1]
    if last.isdigit():
        return int(last)
    if re.fullmatch(r"\d+[a-z]", last):
        return int(last[:-1])
    return roman_to_int(last)


def _is_roman_or_digit(num: str) -> bool:
    if num.isdigit():
        return True
    # Reject letter runs that are not well-formed numerals (e.g. "VV", "IL").
    value = roman_to_int(num)
    return 0 < value < 90 and to_roman(value) == num.upper()


def to_roman(value: int) -> str:
    """4 -> 'IV'; numbers past 3999 have no Roman form and stay decimal."""
    if not 0 < value < 4000:
        return str(value)
    out = []
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out.append(s)
            value -= v
    return "".join(out)
