"""The figure grammar of Vietnamese plans: numbers with their comparator, range and unit
("trên 26%", "1,5-1,9 triệu đồng", "tối thiểu 32 m²"), urban classes ("đô thị loại II"),
spelled-out numbers ("hai mươi sáu phần trăm") and document numbers ("06-NQ/TW").

One grammar for every reader of figures: the extractive answer puts the figure first, the
targets table reads value and unit, and the claim checker lists what a text states. Patterns
match lower-case text (comparators and units are written in lower case inside sentences);
urban classes and spelled numbers ignore case.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.resources import package_path
from assistant.text.normalize import is_year

# A decimal number as written: "26", "1,5", "32.000".
NUMBER = r"\d+(?:[.,]\d+)?"
_DASH = r"\s*[-–]\s*"
# Words that qualify a value, longest first so that "không dưới" is not read as "dưới".
COMPARATORS = ("không dưới", "không quá", "tối thiểu", "tối đa", "ít nhất", "khoảng", "trên", "dưới", "hơn", "gần", "từ")
# Units a value is measured in, longest first ("căn hộ" before "căn", "km²" before "km").
UNITS = ("nghìn tỷ đồng", "triệu đồng", "tỷ đồng", "đồng", "usd", "giường bệnh", "giường", "căn hộ", "căn nhà", "căn",
         "hộ", "người", "lần", "năm", "km²", "km", "m²", "m2", "ha", "%/năm", "%")
# Verbs that lead into a value without qualifying it: "đạt 80%" states 80%.
LEADS = ("đạt",)


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FIGURE = (rf"(?:(?P<lead>{_alternatives(LEADS)})\s+)?(?:(?P<cmp>{_alternatives(COMPARATORS)})\s+)?"
           rf"(?P<low>{NUMBER})(?:{_DASH}(?P<high>{NUMBER}))?")
_UNIT = rf"\s*(?P<unit>{_alternatives(UNITS)})(?!\w)"
# A figure with or without a unit ("trên 26%", "500", "đạt 80"); groups lead, cmp, low, high, unit.
FIGURE = re.compile(rf"{_FIGURE}(?:{_UNIT})?")
# A value with its unit: a number without one ("4G", "2025", "1/500") is not a target value.
VALUE = re.compile(_FIGURE + _UNIT)

# A bare figure a comparator bounds, ending its clause: "chỉ số HDI duy trì trên 0,7." (groups
# as VALUE's, the unit empty).
BOUND = re.compile(rf"(?:(?P<lead>{_alternatives(LEADS)})\s+)?(?P<cmp>{_alternatives(COMPARATORS)})\s+(?P<low>{NUMBER})"
                   rf"(?:{_DASH}(?P<high>{NUMBER}))?(?P<unit>)(?=\s*[.;]?\s*$)")
# A place in a ranking: "thuộc nhóm 3 nước dẫn đầu Đông Nam Á", "top 03 vùng Đồng bằng sông Cửu
# Long về ...": from "nhóm"/"top" to where the clause goes on ("và", "vào năm", "theo", "về"), a
# note in brackets ("(ASEAN)") kept.
# "nhóm N" only with a word of ranking after it ("nhóm 1 gồm các xã vùng cao" ranks nothing).
RANK = re.compile(r"(?<!\w)(?P<value>(?:top\s+(?P<low>\d+)|nhóm\s+(?P<n>\d+)(?=[^,;.]*?(?:dẫn đầu|đứng đầu|hàng đầu)))"
                  r"\s+[^,;.]*?)(?=\s+(?:và|vào năm|đến năm|theo|về|trên)\s|\s*[,;.]|\s*$)")


@lru_cache(maxsize=1)
def count_pattern() -> re.Pattern[str]:
    """A count of things: "ít nhất 20 mô hình", "02 vùng", "3.000 lượt": a figure followed by a
    noun of resources/counts.yaml, which is its unit (groups as VALUE's)."""
    import yaml  # lazily: the pure stages load no third-party package at import

    nouns = yaml.safe_load(package_path("counts.yaml").read_text(encoding="utf-8"))["count_nouns"]
    return re.compile(rf"(?<![\w.,/]){_FIGURE}\s+(?P<unit>{_alternatives(tuple(nouns))})(?!\w)")


# "đô thị loại II", "loại đặc biệt": the classes of Vietnamese urban areas.
URBAN_CLASS = re.compile(r"(?:đô thị\s+)?loại\s+(?P<cls>đặc biệt|iv|v|iii|ii|i)(?!\w)", re.IGNORECASE)

# Every number a text states, dates and ratios whole ("24/01/2022", "1/500"), ranges and shares
# with them ("1,5 - 1,9", "26 %"): what a claim about the documents may not invent.
CLAIM_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?\s*%?")
# "06-NQ/TW", "36-HD/VPTW", "30/2020/NĐ-CP" (the year of a decree's number is part of it).
DOC_NUMBER = re.compile(r"\b\d+(?:/(?:19|20)\d\d)?[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ]{1,6})+\b")
_DIGITS = "một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười"
SPELLED = re.compile(
    rf"(?<!\w)(?:{_DIGITS})(?:\s+(?:mươi|mốt|lăm|tư|linh|lẻ|trăm|nghìn|ngàn|triệu|tỷ|phẩy|phần trăm|{_DIGITS}))+(?!\w)",
    re.IGNORECASE,
)


def is_measured(m: re.Match[str]) -> bool:
    """A FIGURE match that reads as a figure on its own: it has a unit, a comparator or a lead
    verb ("trên 26%", "tối thiểu 32 m²", "đạt 80"), not a bare number ("4" of "4G")."""
    return bool(m["unit"] or m["cmp"] or m["lead"])


def as_stated(m: re.Match[str]) -> str:
    """The figure as the document words it, without its lead verb: "đạt trên 26%" -> "trên 26%"."""
    return m.string[m.start("cmp") if m["cmp"] else m.start("low") : m.end()].strip()


def names_a_year(m: re.Match[str]) -> bool:
    """A FIGURE match that is a year ("2025" of "năm 2025", "2025 năm"): a date, not a value."""
    return not m["high"] and not m["cmp"] and m["unit"] in (None, "năm") and is_year(m["low"])
