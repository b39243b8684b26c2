"""Quantitative targets of a plan's "Mục tiêu" part, read from its own sentences (no model).

Each row says what is measured, the value and unit as the document writes them, the horizon
year and where it comes from, with the exact clause as quote:

    Tỷ lệ đô thị hóa | trên 26 % | 2025 | II.2.1 | "Tỷ lệ đô thị hóa phấn đấu đạt trên 26%."
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from assistant.analytics.anatomy import full_heading, horizon_of, items
from assistant.analytics.table_rows import table_targets
from assistant.model import ParsedDocument
from assistant.text.dates import horizon_year, key
from assistant.text.figures import (
    BOUND,
    RANK,
    URBAN_CLASS,
    VALUE,
    count_pattern,
    names_a_year,
)
from assistant.text.spans import clause_spans, clauses, sentence_spans

# A class is a target when the text says it is to be reached ("đạt tiêu chí đô thị loại II").
_URBAN_CLASS = re.compile(r"đạt tiêu chí " + URBAN_CLASS.pattern, URBAN_CLASS.flags)
_NEW_TOWNS = re.compile(r"(?:xây dựng|hình thành|phát triển) (?:một số |các )?đô thị mới như:?\s*")
_UNIVERSAL = re.compile(r"^(?:phổ cập|phủ sóng|bao phủ)\s+")
# Words that lead into or out of a value, not part of what is measured.
_LEAD_IN = re.compile(r"^(?:phấn đấu|đảm bảo|bảo đảm|tiếp tục|duy trì|nâng)\s+(?:xây dựng\s+|đạt\s+)?", re.IGNORECASE)
_TRAIL = re.compile(r"(?:\s+(?:phấn đấu|đạt|duy trì|là|ở mức|tăng lên|giảm xuống|chiếm|đạt mức|thuộc|nằm trong))+\s*$", re.IGNORECASE)
_MAX_SUFFIX_WORDS = 6
# Outside the goals part a figure is a target when it has its own year, or when it is a floor
# the text sets ("bố trí tối thiểu 03% ngân sách", "hình thành ít nhất 03 cụm").
_MINIMUMS = ("tối thiểu", "ít nhất", "không dưới")
# What is left of a clause going on without its subject ("...; thuộc nhóm 3 ...", "và nhóm 50 ...").
_SUBJECTLESS = ("", "thuộc", "và", "có", "là", "đạt", "trong đó", "trong đó có", "nằm trong")
# A sentence that tells where things stand ("Hiện nay, tổng số trạm ... là 180 trạm").
_CURRENT = re.compile(r"(?:hiện nay|hiện có|hiện tại|đến nay|tính đến nay|tính đến thời điểm)\b")
_SUFFIX_END = re.compile(r"\s+(?:(?:trước|đến|trong|vào) năm|tại|trên địa bàn|theo)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    indicator: str
    value: str  # as written: "26", "1,5-1,9", "loại II", "Búng Lao, huyện Mường Áng"
    unit: str  # "%", "m²", "% hộ gia đình", "" for classes and named towns
    horizon: str  # "2025", "2030", "2045" or "" when the text gives none
    section_id: str
    quote: str  # the clause, exactly as in the document
    doc_id: str = ""
    comparator: str = ""  # "trên", "khoảng", "tối thiểu", "đạt tiêu chí đô thị" ...
    kind: str = "figure"  # "figure" | "rank" | "urban-class" | "new-town" | "coverage"
    heading: str = ""  # the section heading the horizon comes from: "Đến năm 2025"
    start: int = 0
    end: int = 0

    @property
    def display_value(self) -> str:
        return " ".join(p for p in (self.comparator, self.value, self.unit if self.unit != "%" else "") if p) + (
            "%" if self.unit == "%" else "")

    def as_dict(self) -> dict:
        return asdict(self)


def extract_targets(parsed: ParsedDocument) -> list[Target]:
    """Targets of the "Mục tiêu" part, figures with their own year in tasks and solutions
    ("hoàn thành 500 căn hộ nhà ở xã hội trước năm 2025"), and the rows of tables of indicators."""
    out: list[Target] = table_targets(parsed)
    for item in items(parsed, ("goals", "tasks", "solutions")):
        goal = item.role == "goals"
        horizon = (horizon_of(parsed.tree, item.section) or "") if goal else ""
        heading = full_heading(parsed, item.section)
        for sentence in sentence_spans(item):
            if not goal:
                for clause in _aimed(clause_spans(sentence)):
                    dated = bool(horizon_year(clause.text))
                    out += [replace(t, heading=heading) for t in _targets_in_clause(parsed, item.section_id, "", clause.start, clause.end)
                            if t.kind == "figure" and (dated or key(t.comparator) in _MINIMUMS)]
                continue
            towns = _NEW_TOWNS.search(key(sentence.text))
            if towns:
                found = _new_towns(parsed, item.section_id, horizon, sentence.start, sentence.start + towns.end(), sentence.end)
            else:
                found = _carry_indicators([t for clause in _aimed(clause_spans(sentence))
                                           for t in _targets_in_clause(parsed, item.section_id, horizon, clause.start, clause.end)])
            out += [replace(t, heading=heading) for t in found]
    return out


def _targets_in_clause(parsed: ParsedDocument, section_id: str, horizon: str, start: int, end: int) -> list[Target]:
    text = parsed.document.text
    clause = text[start:end]
    k = key(clause)
    quote = clause.strip().rstrip(";")
    base = dict(section_id=section_id, quote=quote, doc_id=parsed.doc_id, start=start, end=start + len(clause.rstrip().rstrip(";")))
    horizon = horizon_year(k) or horizon
    rows: list[Target] = []
    m = _URBAN_CLASS.search(k)
    if m:
        subject = _clean(clause[: m.start()])
        rows.append(Target(f"Phân loại đô thị: {subject}", f"loại {clause[m.start('cls'):m.end('cls')].upper()}", "",
                           horizon, comparator="đạt tiêu chí đô thị", kind="urban-class", **base))
        return rows
    ranked_to = 0
    for r in RANK.finditer(k):
        rows.append(Target(_clean(clause[ranked_to : r.start()]), clause[r.start("value") : r.end("value")].strip(),
                           "", horizon, kind="rank", **base))
        ranked_to = r.end()
    values = [v for v in VALUE.finditer(k) if not names_a_year(v)]
    for pattern in (count_pattern(), BOUND):
        values += [c for c in pattern.finditer(k) if not names_a_year(c)
                   and not any(v.start() < c.end() and c.start() < v.end() for v in values)]
    values = sorted((v for v in values if not any(r.start() <= v.start() < r.end() for r in RANK.finditer(k))), key=lambda v: v.start())
    if not values and not rows:
        universal = _UNIVERSAL.match(k)
        if universal:  # "phổ cập dịch vụ mạng di động 5G": a target of full coverage, no figure
            rows.append(Target(_clean(clause[universal.end():]), clause[: universal.end()].strip().lower(), "", horizon,
                               kind="coverage", **base))
        return rows
    previous_end = 0
    for v in values:
        prefix = _clean(clause[previous_end : v.start()])
        suffix_text = clause[v.end() :]
        nxt = next((w for w in values if w.start() >= v.end()), None)
        suffix = suffix_text[: (nxt.start() - v.end()) if nxt else len(suffix_text)]
        suffix = _clean(_SUFFIX_END.split(suffix, 1)[0])  # "... nhà ở xã hội| trước năm 2025 tại ..."
        value = clause[v.start("low") : v.end("high") if v["high"] else v.end("low")]
        unit = clause[v.start("unit") : v.end("unit")].replace("m2", "m²")
        if prefix and suffix and len(suffix.split()) <= _MAX_SUFFIX_WORDS:
            indicator, unit = prefix, f"{unit} {suffix[:1].lower()}{suffix[1:]}"
        else:
            indicator = prefix or suffix
        rows.append(Target(indicator, _tidy_range(value), unit, horizon, comparator=v["cmp"] or "", **base))
        previous_end = v.end()
    return rows


def _aimed(spans: list) -> list:
    """The clauses that state an aim: from a clause telling where things stand ("Hiện nay, tổng
    số trạm ... là 180 trạm, trong đó có 22 trạm 5G") to one that aims again ("phấn đấu ...",
    "đến năm 2030 ...") the clauses are the situation today, not targets."""
    out, current = [], False
    for clause in spans:
        k = key(clause.text).lstrip(" -+*,;")
        if _CURRENT.match(k):
            current = True
        elif horizon_year(clause.text) or _LEAD_IN.match(k):
            current = False
        if not current:
            out.append(clause)
    return out


def _carry_indicators(rows: list[Target]) -> list[Target]:
    """A clause that goes on without its subject ("...; thuộc nhóm 3 nước dẫn đầu ...", "và nhóm
    50 nước ...") measures what the sentence's earlier clause measured."""
    out: list[Target] = []
    for t in rows:
        if out and key(t.indicator) in _SUBJECTLESS:
            t = replace(t, indicator=out[-1].indicator)
        out.append(t)
    return out


def _new_towns(parsed: ParsedDocument, section_id: str, horizon: str, sentence_start: int, start: int, end: int) -> list[Target]:
    """"Phấn đấu xây dựng một số đô thị mới như: Búng Lao, huyện Mường Áng; Mường Nhà, ...": one
    row per town, each quoting the whole sentence (a town name alone would not say why)."""
    text = parsed.document.text
    quote = text[sentence_start:end].strip()
    rows = []
    for c_start, c_end in clauses(text, start, end):
        town = text[c_start:c_end].strip().rstrip(".;…").rstrip(". ")
        if town:
            rows.append(Target("Đô thị mới", town, "", horizon, section_id, quote, parsed.doc_id, comparator="xây dựng",
                               kind="new-town", start=sentence_start, end=sentence_start + len(quote)))
    return rows


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:.")
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_IN.sub("", text)
        text = _TRAIL.sub("", text).strip(" ,;:")
    return text[:1].upper() + text[1:]


def _tidy_range(value: str) -> str:
    return re.sub(r"\s*[-–]\s*", "-", value)
