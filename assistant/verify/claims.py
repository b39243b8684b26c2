"""What a text claims, and whether evidence states it: the shared core of the answer checks
(verify/answers.py) and the draft checks (verify/drafts.py).

Claims cover what a model could invent: figures and dates, document numbers, spelled-out
numbers ("hai mươi sáu phần trăm"), capitalised names (one word or several), and all-capital
names or acronyms. They are matched on boundaries ("6%" is not in "26%"). A figure said of a
year must also come from evidence of that year (`fits_horizon`, the one year rule).
"""

from __future__ import annotations

import re

from assistant.text.figures import CLAIM_NUMBER, DOC_NUMBER, SPELLED
from assistant.text.normalize import fold_diacritics, is_year, match_key, proper_names, years

# What generative backends write when the passages do not answer: the one-line decline.
DECLINE_MARK = "KHÔNG_ĐỀ_CẬP"

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


def figures(stated: list[str]) -> list[str]:
    """The claims that are figures (numbers, dates), not the years a statement is about."""
    return [c for c in stated if c[:1].isdigit() and not is_year(c)]


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
    # "2025" is not in "12/2025" (a date's year) but is in "Quý IV/2025" (a table cell's time)
    before = r"(?<![\d.,])(?<!\d/)" if key[0].isdigit() else r"(?<![^\W\d_])"
    after = r"(?!\d)" if key[-1].isdigit() else r"(?![^\W\d_])" if key[-1].isalpha() else ""
    return re.search(before + re.escape(key) + after, evidence_key) is not None


def fits_horizon(stated_years: frozenset[str], heading: str, quote: str) -> bool:
    """The one year rule, for answers and drafts alike: a figure said of some years may come
    only from a quote that (with its section heading) names one of them or no year at all. The
    2025 target stated as the 2030 one is a true number and still a false claim."""
    evidence = years(heading) | years(quote)
    return not stated_years or not evidence or bool(stated_years & evidence)
