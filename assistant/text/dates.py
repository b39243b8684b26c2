"""The date grammar of Vietnamese plans: deadlines and recurrences ("trong quý III năm 2022",
"trước năm 2030", "chậm nhất ngày 30/6/2023", "thực hiện thường xuyên", "hằng năm", "định kỳ"),
dates ("24/01/2022") and the horizon years a text aims at ("đến năm 2030").

A bare date or year is not a deadline: "Nghị quyết số 06-NQ/TW, ngày 24/01/2022" names a
document and "Chiến lược ... đến năm 2030" names a strategy's horizon. A year counts when a
deadline word leads it ("trước", "trong", "hết", "chậm nhất", "hoàn thành") or when it stands
alone in a parenthetical note, the way plans mark deadlines: "(*năm 2023*)". `find_times` gives
deadlines and recurrences (the timeline); `time_mentions` adds horizons, for answering "khi
nào?" and "năm nào?" questions with what the text says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalize import unify_tone_marks, years

_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_LABEL = {1: "I", 2: "II", 3: "III", 4: "IV"}
_LEAD = r"(?P<lead>trước|trong|hết|đến hết|chậm nhất(?: là)?(?: vào)?|hoàn thành(?: trước| trong)?|xong trước)"

_QUARTER = re.compile(rf"(?:{_LEAD}\s+)?quý\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|năm\s+)(?P<y>(?:19|20)\d\d)(?!\d)")
_MONTH = re.compile(rf"(?:{_LEAD}\s+)?tháng\s+(?P<m>1[0-2]|0?[1-9])\s*(?:/|năm\s+)(?P<y>(?:19|20)\d\d)(?!\d)")
_DMY = r"(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)(?!\d)"
# A date as written, "24/01/2022": a document's date, or a deadline when a deadline word leads it.
DATE = re.compile(rf"(?<!\d){_DMY}")
_DATE = re.compile(rf"{_LEAD}\s+(?:ngày\s+)?{_DMY}")
_YEAR = re.compile(rf"{_LEAD}\s+năm\s+(?P<y>(?:19|20)\d\d)(?!\d)")
# A year a text names ("đến năm 2030", "quý III năm 2022", "từ năm 2021", "năm 2025"); the
# words that aim at it ("đến", "tới", "vào", "trước", "trong") make it the text's horizon.
_TOWARDS = ("đến", "tới", "vào", "trước", "trong")
_HORIZON = re.compile(rf"(?:(?P<lead>{'|'.join(_TOWARDS)}|từ)\s+)?(?:quý\s+(?P<q>iv|iii|ii|i)\s+)?năm\s+(?P<y>(?:19|20)\d\d)(?!\d)")
_NOTE_YEAR = re.compile(r"\(\s*(?:thực hiện\s+)?(?:trong\s+)?năm\s+(?P<y>(?:19|20)\d\d)\s*\)")
# Recurrences, most specific first; each maps to the label shown in the timeline.
_RECURRING: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), label)
    for p, label in (
        (r"(?<!\w)thực hiện thường xuyên(?!\w)", "Thường xuyên"),
        # not "chi thường xuyên" / "kinh phí thường xuyên": the recurrent budget, not a recurrence
        (r"(?<!\w)(?<!chi )(?<!phí )(?<!vốn )thường xuyên(?!\w)", "Thường xuyên"),
        (r"(?<!\w)(?:hằng|hàng) năm(?!\w)", "Hằng năm"),
        (r"(?<!\w)(?:hằng|hàng) quý(?!\w)", "Hằng quý"),
        (r"(?<!\w)(?:hằng|hàng) tháng(?!\w)", "Hằng tháng"),
        (r"(?<!\w)(?:6|sáu) tháng (?:một|1) lần(?!\w)", "6 tháng một lần"),
        (r"(?<!\w)định kỳ (?:6|sáu) tháng(?!\w)", "Định kỳ 6 tháng"),
        (r"(?<!\w)định kỳ(?!\w)", "Định kỳ"),
    )
)
_PHASE = re.compile(r"^(?:giai đoạn|năm|từ năm)?\s*(?P<a>(?:19|20)\d\d)(?:\s*[-–]\s*(?P<y>(?:19|20)\d\d))?$")
# A table's time cell written as month/year without a lead word ("01/2025", "12/2025").
_MONTH_YEAR_CELL = re.compile(r"^(?P<m>0?[1-9]|1[0-2])\s*/\s*(?P<y>(?:19|20)\d\d)$")
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_HALF_YEAR = re.compile(r"(?<!\w)(?:6|sáu) tháng (?P<half>đầu|cuối) năm (?P<y>(?:19|20)\d\d)(?!\d)")
# "kế hoạch ... hằng năm" names a yearly plan, it does not make the task recurring.
_YEARLY_NOUN = re.compile(r"(?:kế hoạch|chỉ tiêu|chương trình|ngân sách|dự toán)[^,;.()]{0,60}$")
_LEAD_LABEL = {"trước": "Trước", "trong": "Trong", "hết": "Hết", "đến hết": "Đến hết", "xong trước": "Trước",
               "hoàn thành": "", "hoàn thành trước": "Trước", "hoàn thành trong": "Trong"}


@dataclass(frozen=True)
class When:
    label: str  # "Quý III/2022", "Trước năm 2030", "Thường xuyên"
    kind: str  # "deadline" | "recurring" | "horizon" (time_mentions only)
    start: int  # span of the expression in the text it was found in
    end: int
    year: int | None = None
    sort: tuple[int, int, int] = (9999, 99, 99)  # year, month, day of a deadline

    @property
    def recurring(self) -> bool:
        return self.kind == "recurring"


def key(text: str) -> str:
    """Lower case with one tone-mark convention, same length as `text` so offsets carry over."""
    keyed = unify_tone_marks(text).lower()
    return keyed if len(keyed) == len(text) else text.lower()


# The date of a document being cited ("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024",
# "Kế hoạch số 139/KH-UBND ngày 16/5/2025 của ..."): a reference, never a deadline.
_REFERENCE = re.compile(
    r"(?:\bsố\s*:?\s*\d+[\w/.\-–]*|\b\d+/\d{4}/[\w\-–]+|\b\d+[/-][a-zđ]+[\w/\-–]*)\s*,?\s*(?:ngày|ban hành ngày)\s+"
    r"(?:\d{1,2}\s*(?:tháng\s+|/|-)\s*\d{1,2}\s*(?:năm\s+|/|-)\s*(?:19|20)\d\d|\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d)")
# A full date written in words is a deadline only with a lead word ("chậm nhất ngày 30 tháng 6
# năm 2025"); its "tháng 6 năm 2025" alone is not a second deadline.
_DATE_WORDS = re.compile(rf"{_LEAD}\s+ngày\s+(?P<d>[0-3]?\d)\s+tháng\s+(?P<m>1[0-2]|0?[1-9])\s+năm\s+(?P<y>(?:19|20)\d\d)(?!\d)")
_DAY_BEFORE = re.compile(r"ngày\s+[0-3]?\d\s+$")


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the dates of cited documents in a text (its lower-cased key)."""
    return [(m.start(), m.end()) for m in _REFERENCE.finditer(key(text))]


def years_stated(text: str) -> frozenset[str]:
    """The years a text names, but not in the dates of the documents it cites: "Chỉ thị số
    05/CT-TTg ngày 18/5/2022" gives no year to a question asking "trước năm nào?"."""
    blanked = list(text)
    for a, b in reference_spans(text):
        blanked[a:b] = " " * (b - a)
    return years("".join(blanked))


def find_times(text: str) -> list[When]:
    """Deadlines and recurrences of a sentence, in order, without overlaps. Dates of cited
    documents are references, not deadlines."""
    k = key(text)
    found: list[When] = []
    for m in _DATE_WORDS.finditer(k):
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        found.append(When(_prefixed(m, f"ngày {m['d']}/{m['m']}/{y}"), "deadline", m.start(), m.end(), y, (y, mo, d)))
    for m in _QUARTER.finditer(k):
        q, y = _ROMAN_QUARTER[m["q"]], int(m["y"])
        found.append(When(_prefixed(m, f"Quý {_QUARTER_LABEL[q]}/{y}"), "deadline", m.start(), m.end(), y, (y, q * 3, 31)))
    for m in _MONTH.finditer(k):
        if not m["lead"] and _DAY_BEFORE.search(k[max(0, m.start() - 12) : m.start()]):
            continue  # "ngày 22 tháng 12 năm 2024": a date, not "tháng 12"
        mo, y = int(m["m"]), int(m["y"])
        found.append(When(_prefixed(m, f"Tháng {m['m']}/{y}"), "deadline", m.start(), m.end(), y, (y, mo, 31)))
    for m in _DATE.finditer(k):
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        if 1 <= d <= 31 and 1 <= mo <= 12:
            found.append(When(_prefixed(m, f"ngày {m['d']}/{m['m']}/{y}"), "deadline", m.start(), m.end(), y, (y, mo, d)))
    for m in _YEAR.finditer(k):
        y = int(m["y"])
        found.append(When(_prefixed(m, f"Năm {y}"), "deadline", m.start(), m.end(), y, (y, 12, 31)))
    for m in _NOTE_YEAR.finditer(k):
        y = int(m["y"])
        found.append(When(f"Năm {y}", "deadline", m.start("y") - len("năm "), m.start("y") + 4, y, (y, 12, 31)))
    for m in _HALF_YEAR.finditer(k):
        y = int(m["y"])
        month = 6 if m["half"] == "đầu" else 12
        found.append(When(f"6 tháng {m['half']} năm {y}", "deadline", m.start(), m.end(), y, (y, month, 30)))
    for pattern, label in _RECURRING:
        for m in pattern.finditer(k):
            if label.startswith("Hằng") and _YEARLY_NOUN.search(k[max(0, m.start() - 80) : m.start()]):
                continue
            found.append(When(label, "recurring", m.start(), m.end()))
    references = reference_spans(text)
    found = [w for w in found if not any(a <= w.start < b or a < w.end <= b for a, b in references)]
    return _without_overlaps(found)


def phase_of(heading: str) -> When | None:
    """The time of a heading that is only a period or a year ("Giai đoạn 2025 - 2030", "Năm
    2026"): a phase of a roadmap, the time of every item under it. Headings that say more
    ("Mục tiêu đến năm 2030") are not phases."""
    text = " ".join(heading.split()).strip(" :.")
    m = _PHASE.match(key(text))
    if not m:
        return None
    y = int(m["y"] or m["a"])
    return When(text, "deadline", 0, len(text), y, (y, 12, 31))


def time_in_cell(cell: str) -> When | None:
    """The time a cell of a table's time column gives ("Tháng 12/2025", "6/2025", "Năm
    2025-2030", "Bắt đầu triển khai từ năm 2026", "Thường xuyên"). The cell sits in a column of
    times, so a bare year or period is its time, which in running text it would not be; a
    period ends with its last year."""
    text = " ".join(cell.split())
    m = _MONTH_YEAR_CELL.match(text)
    if m:
        y = int(m["y"])
        return When(text, "deadline", 0, len(text), y, (y, int(m["m"]), 31))
    found = find_times(text)
    if found:
        return found[0]
    found_years = _BARE_YEAR.findall(text)
    if found_years:
        y = int(found_years[-1])
        return When(text, "deadline", 0, len(text), y, (y, 12, 31))
    return None


def time_mentions(text: str) -> list[When]:
    """Deadlines, recurrences and horizon years of a text, in order, without overlaps: what a
    question asking "khi nào?" may be answered with, as the text words it (text[start:end]).
    The dates of cited documents are not among them."""
    found = find_times(text)
    references = reference_spans(text)
    for m in _HORIZON.finditer(key(text)):
        if any(a <= m.start() < b for a, b in references):
            continue  # "Chỉ thị số 05/CT-TTg ngày 18 tháng 5 năm 2022" dates a document, it aims at nothing
        y = int(m["y"])
        written = text[m.start() : m.end()]
        found.append(When(written[:1].upper() + written[1:], "horizon", m.start(), m.end(), y, (y, 12, 31)))
    return _without_overlaps(found)


def horizon_year(text: str) -> str:
    """The year a clause aims at ("phấn đấu đến năm 2030 đạt ..." -> "2030"), or ""."""
    return next((m["y"] for m in _HORIZON.finditer(key(text)) if m["lead"] in _TOWARDS and not m["q"]), "")


def _without_overlaps(found: list[When]) -> list[When]:
    """Left to right; of two overlapping expressions the one starting first (or longer) wins."""
    found = sorted(found, key=lambda w: (w.start, -(w.end - w.start)))
    out: list[When] = []
    for w in found:
        if not out or w.start >= out[-1].end:
            out.append(w)
    return out


def _prefixed(m: re.Match[str], label: str) -> str:
    lead = m.groupdict().get("lead") or ""
    word = "Chậm nhất" if lead.startswith("chậm nhất") else _LEAD_LABEL.get(lead, "")
    return f"{word} {label[0].lower()}{label[1:]}" if word else label[0].upper() + label[1:]
