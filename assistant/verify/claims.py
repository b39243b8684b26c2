"""Verification: every citation is a retrieved chunk, and every figure, year, document number
and name in an answer appears in what it cites (quotes and cited section headings).

Claims are matched on boundaries ("6%" is not in "26%"), and cover what a model could invent:
figures and dates, document numbers, spelled-out numbers ("hai mươi sáu phần trăm"),
capitalised names (one word or several), and all-capital names or acronyms.
"""

from __future__ import annotations

import re

from assistant.model import Chunk, Citation
from assistant.text.figures import CLAIM_NUMBER, DOC_NUMBER, SPELLED
from assistant.text.normalize import fold_diacritics, match_key, proper_names

# What generative backends write: a citation marker "[3]" and the one-line decline.
MARKER = re.compile(r"\[(\d{1,3})\]")
DECLINE_MARK = "KHÔNG_ĐỀ_CẬP"
_MARKER_WITH_SPACE = re.compile(r"\s*\[\d{1,3}\]")


def strip_markers(text: str) -> str:
    """'... trên 26% [3].' -> '... trên 26%.'"""
    return _MARKER_WITH_SPACE.sub("", text)

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"(…]\s*|\n\s*|[-–•+]\s+)$")
# Words that start sentences or name this assistant's own labels, not claims about the world.
_LABEL_WORDS = frozenset(fold_diacritics(w) for w in "Theo Mục Kế Hoạch Tài Liệu Không Đề Cập Phần Mở Đầu Nơi Nhận Và Chữ Ký Điều Chương Trong Đến".split())


def claims(text: str) -> list[str]:
    """Figures, dates, document numbers, spelled numbers and names stated in a text."""
    out = [m.group(0) for m in DOC_NUMBER.finditer(text)]
    without_docnos = DOC_NUMBER.sub(" ", text)
    out += [m.group(0).strip() for m in CLAIM_NUMBER.finditer(without_docnos)]
    out += [m.group(0) for m in SPELLED.finditer(text)]
    covered: set[str] = set()
    for name in proper_names(text):
        words = name.split()
        while words and fold_diacritics(words[0]) in _LABEL_WORDS:  # "Theo Mục V", "Phần mở đầu"
            words.pop(0)
        if len(words) >= 2:
            out.append(" ".join(words))
            covered.update(words)
    for m in _WORD.finditer(without_docnos):
        word = m.group(0)
        if len(word) < 2 or word in covered or fold_diacritics(word) in _LABEL_WORDS or not word[0].isupper():
            continue
        acronym = word.isupper()
        mid_sentence = not _SENTENCE_START.search(without_docnos[: m.start()])
        if acronym or mid_sentence:
            out.append(word)
    return out


def claim_key(text: str) -> str:
    """Comparison form: match_key with the spacing around %, dashes and slashes removed."""
    key = match_key(text)
    key = re.sub(r"\s*%", "%", key)
    return re.sub(r"\s*([-–/])\s*", r"\1", key)


def supported(claim: str, evidence_key: str) -> bool:
    """The claim occurs in the evidence, not inside a longer number or word: "6%" is not in
    "26%", "Hùng" is not in "Hùngg"; but "4" is in "4G" and "Km" in "Km15" (codes glue them)."""
    key = claim_key(claim)
    if not key:
        return True
    before = r"(?<![\d.,/])" if key[0].isdigit() else r"(?<![^\W\d_])"
    after = r"(?!\d)" if key[-1].isdigit() else r"(?![^\W\d_])" if key[-1].isalpha() else ""
    return re.search(before + re.escape(key) + after, evidence_key) is not None


def unsupported_claims(text: str, citations: list[Citation] | tuple[Citation, ...], doc_titles: dict[str, str]) -> list[str]:
    """Claims of `text` found in none of the cited quotes, headings or document titles."""
    evidence = claim_key(" | ".join(
        [c.quote for c in citations] + [c.title for c in citations] + [doc_titles.get(c.doc_id, "") for c in citations]
        + [c.section_id for c in citations]
    ))
    return [c for c in claims(text) if not supported(c, evidence)]


def citations_outside(citations, retrieved: list[Chunk]) -> list[Citation]:
    """Citations whose quote is not inside a retrieved chunk."""
    return [c for c in citations
            if not any(ch.doc_id == c.doc_id and ch.start <= c.start and c.end <= ch.end for ch in retrieved)]


def verify(text: str, citations, retrieved: list[Chunk], doc_titles: dict[str, str]) -> list[str]:
    """Problems found; an empty list means the answer may be shown."""
    problems = [f"citation {c.doc_id}#{c.section_id} is not a retrieved passage" for c in citations_outside(citations, retrieved)]
    if not citations:
        problems.append("the answer cites nothing")
    problems += [f"'{c}' is not in the cited text" for c in unsupported_claims(text, citations, doc_titles)]
    return problems
