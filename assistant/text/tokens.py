"""Tokens of Vietnamese text for matching: syllables and syllable bigrams in search form, the
abbreviation table ("TP" -> "thành phố"), and the accent-folded token sets that answers,
verification and drafting compare.

Vietnamese writes one syllable per space, so `\\w+` tokens split words ("đô thị" -> "đô", "thị");
bigrams ("đô_thị") give phrases back their weight. The BM25 index (index/lexical.py) tokenises
with the same functions, so a question, a unit and a chunk are always cut alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold_diacritics, nfc, search_form

TOKEN = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+[²³]?")
# Question words carry no content; dropping them keeps "bao nhiêu" from matching random text.
# "an" is not listed although English has it: it is the Vietnamese syllable of "công an", "an
# ninh", "an toàn", and dropping it cut "Công an tỉnh" down to "công tỉnh". ("do", "to", "in"
# and "a" stay: as Vietnamese they are mostly function words too, "do ai ban hành".)
_QUESTION_WORDS = frozenset(
    "bao nhiêu mấy trăm gì nào ai sao đâu thế là có không được hiện nay hãy cho biết những các của và "
    "what which who whom how is are the of by to does do in for a".split()
)


@lru_cache(maxsize=8)
def abbreviation_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the abbreviations as a whole word ("TU" in "BTV TU họp", not in "TUẦN")."""
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")


def _pattern(table: dict[str, str]) -> re.Pattern[str]:
    return abbreviation_pattern(tuple(sorted(table, key=len, reverse=True)))  # longest first


def expand_abbreviations(text: str, table: dict[str, str]) -> str:
    """Append the expansion of each abbreviation found (the original text is kept)."""
    if not table:
        return text
    text = nfc(text)  # decomposed "TÙNG" must not look like "TU" + marks
    found = _pattern(table).findall(text)
    return text if not found else text + " " + " ".join(table[a] for a in dict.fromkeys(found))


def replace_abbreviations(text: str, table: dict[str, str]) -> str:
    """'TP ĐBP' -> 'thành phố Điện Biên Phủ' (for matching a question against the text)."""
    if not table:
        return text
    return _pattern(table).sub(lambda m: table[m.group(1)], nfc(text))


def words(text: str) -> list[str]:
    return TOKEN.findall(search_form(text))


def syllable_tokens(text: str) -> list[str]:
    ws = words(text)
    return ws + [f"{a}_{b}" for a, b in zip(ws, ws[1:])]


def query_tokens(tokens: list[str]) -> list[str]:
    """Drop question words, and bigrams that contain one ("mới_nào" names nothing)."""
    return [t for t in tokens if not any(part in _QUESTION_WORDS for part in t.split("_"))]


def folded_tokens(text: str, abbreviations: dict[str, str] | None = None) -> frozenset[str]:
    """The accent-folded syllable uni+bigrams of a text (abbreviations expanded): what a unit
    of the documents is matched by."""
    return frozenset(fold_diacritics(t) for t in syllable_tokens(expand_abbreviations(text, abbreviations or {})))


def content_tokens(text: str, abbreviations: dict[str, str] | None = None) -> tuple[str, ...]:
    """The accent-folded content tokens of a question or statement, in order, without question
    words (abbreviations replaced by their expansion)."""
    expanded = replace_abbreviations(text, abbreviations or {})
    return tuple(dict.fromkeys(fold_diacritics(t) for t in query_tokens(syllable_tokens(expanded))))
