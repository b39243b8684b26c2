"""What the evidence of an answer holds: the subject a figure must be about, the names a
question asks about (in the passage, the document's other retrieved passages or its metadata),
a body for "sở nào?", the unit a "bao nhiêu người?" needs, the heading that names the body asked,
and the kinds of answer a question names (a figure, a year, a body, a place) with whether a
unit holds one. Checks the extractive answer makes before it quotes a passage."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer.question import QuestionInfo, fold, place_names_in, rate_words
from assistant.model import Hit
from assistant.text.bodies import find_bodies, level_key, levels_named, place_levels
from assistant.text.dates import years_stated
from assistant.text.normalize import fold_diacritics
from assistant.text.spans import LEADING_MARK
from assistant.text.tokens import content_tokens, folded_tokens, replace_abbreviations
from assistant.text.units import Unit, coverage

# How many word pairs after "tỷ lệ" name what the rate measures.
MEASURED_PAIRS = 2
# Syllables of times: a word pair with one of them places the figure in time, it is not what
# the figure measures.
_TIME_SYLLABLES = frozenset({"nam", "thang", "quy", "ngay", "giai", "doan", "den", "toi", "hien", "nay"})
# A heading that starts with a body ("4. Công an tỉnh", "3. Ban cán sự đảng UBND tỉnh lãnh đạo
# ...") is where a document says what that body must do; the question names that body when it
# holds this IDF-weighted share of the body's words (its level aside). Dev halves: the same
# answers from 0.6 to 0.9; the middle is taken.
BODY_NAMED = 0.75


def about_subject(info: QuestionInfo, unit: Unit) -> bool:
    """Whether a unit (or its heading) shares a word pair of what the question measures: its
    content pairs without times and numbers ("do_thi" of "tỷ lệ đô thị hóa năm 2035", not
    "nam_2035"). A question with no such pair is about nothing narrower than its figure."""
    pairs = [t for t in info.tokens if "_" in t and not any(ch.isdigit() for ch in t)
             and not set(t.split("_")) & _TIME_SYLLABLES]
    if not pairs:
        return True
    heading = folded_tokens(unit.chunk.section_title)
    measured = _measured_pairs(info.text)
    if measured and not any(t in unit.tokens or t in heading for t in measured):
        return False  # "tỷ lệ hộ nghèo" is not answered by the rate of urbanisation next to it
    return any(t in unit.tokens or t in heading for t in pairs)


@lru_cache(maxsize=256)  # one question, every unit it is measured against
def _measured_pairs(question: str) -> tuple[str, ...]:
    """What a rate measures: the word pairs of the words after "tỷ lệ" ("tỷ lệ hộ nghèo ở ..." ->
    "ho_ngheo", "ngheo_o"); either found will do, a paraphrase keeps one ("người trưởng thành"
    for "dân số trưởng thành")."""
    words = re.findall(r"[a-z0-9]+", fold(question))
    subjects, ends = rate_words()
    for rate in subjects:
        n = len(rate.split())
        at = next((i + n for i in range(len(words) - n + 1) if words[i:i + n] == rate.split()), None)
        if at is None:
            continue
        after = words[at:]
        for end in ends:  # "tỷ lệ bao nhiêu": the question word, not what is measured
            stop = next((i for i in range(len(after)) if after[i:i + len(end.split())] == end.split()), None)
            after = after[:stop] if stop is not None else after
        after = after[:MEASURED_PAIRS + 1]
        return tuple(f"{a}_{b}" for a, b in zip(after, after[1:])
                     if (a + b).isalpha() and not {a, b} & _TIME_SYLLABLES)
    return ()


def heading_names_asked_body(info: QuestionInfo, breadcrumb: str, idf,
                             abbreviations: tuple[tuple[str, str], ...] = ()) -> bool:
    """Whether a step of the breadcrumb under the document's title starts with a body the
    question names ("công an làm gì" names "4. Công an tỉnh"; "UBND tỉnh" does not name
    "9. Ủy ban nhân dân xã, phường"). `abbreviations`: the table's items, sorted (a cache key)."""
    asked = frozenset(info.tokens)
    said = levels_named(info.text)
    for words, levels in _heading_bodies(breadcrumb, abbreviations):
        if levels and said and not said & set(levels):
            continue  # the question names the body of another level
        if coverage(words, asked, frozenset(), idf) >= BODY_NAMED:
            return True
    return False


@lru_cache(maxsize=1 << 14)
def _heading_bodies(breadcrumb: str,
                    abbreviations: tuple[tuple[str, str], ...]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(content tokens of the name without its levels, its levels folded) for each step of the
    breadcrumb under the title that starts with a body."""
    out = []
    for step in breadcrumb.split(" > ")[1:]:
        title = LEADING_MARK.sub("", step, count=1)
        found = find_bodies(title)
        if found and found[0].start == 0:
            name, levels = place_levels(title[: found[0].end])
            words = content_tokens(name, dict(abbreviations))
            if words:
                out.append((words, tuple(level_key(lv) for lv in levels)))
    return tuple(out)


def names_a_body(unit: Unit) -> bool:
    return bool(find_bodies(unit.text) or find_bodies(unit.chunk.section_title))


def bodies_not_in_evidence(question: str, unit: Unit, document, hits: list[Hit], abbreviations=None) -> list[str]:
    """The bodies a question names ("Công an tỉnh có nhiệm vụ gì?") that neither the unit, its
    heading, the document's other retrieved passages nor its metadata name: a plan that never
    speaks of the provincial police does not answer what the police must do.

    Only a body written with its capital ("Sở Y tế", "Bộ Quốc phòng") is asked for: typed
    questions make bodies of "nhiệm vụ Chỉ thị" or "Thường vụ Tỉnh ủy" otherwise; collective
    ones ("các cơ quan liên quan", "chính quyền") are no particular body. It is found by its
    first words, abbreviations written out ("Sở KH&CN" is "Sở Khoa học ...")."""
    asked = [_whole_words(question, b.start, b.end) for b in find_bodies(question)
             if question[b.start:b.start + 1].isupper() and not b.name.startswith(_COLLECTIVE)]
    if not asked:
        return []
    texts = [unit.text, unit.chunk.breadcrumb] + _document_texts(document, hits, breadcrumbs=False)
    evidence = " ".join(_written_out(t, abbreviations) for t in texts)
    return [name for name in dict.fromkeys(asked)
            if " ".join(_written_out(name, abbreviations).split()[:_BODY_WORDS]) not in evidence]


# Names of bodies that stand for many ("Các cấp ủy", "Chính quyền"), and how many first words
# of an asked body must be found.
_COLLECTIVE = ("Các ", "Chính quyền")
_BODY_WORDS = 3


def _whole_words(text: str, start: int, end: int) -> str:
    """text[start:end] up to the end of its last word: "Sở KH&CN", not "Sở KH"."""
    while end < len(text) and not text[end].isspace() and text[end] not in ",;:?!.()":
        end += 1
    return text[start:end]


def _written_out(text: str, abbreviations) -> str:
    return " " + _folded(replace_abbreviations(text, abbreviations or {})) + " "


def has_unit(text: str, units: tuple[str, ...], share_allowed: bool) -> bool:
    folded = fold(text)
    share = r"(?:\s*%)?" if share_allowed else ""
    return any(re.search(r"\d[\d.,]*" + share + r"\s*" + re.escape(u), folded) for u in units)


def mentions(unit: Unit, name: str) -> bool:
    """The name as whole words ("Sơn La" is not in "sơn lâm"); accents and case are ignored for a
    name of several words, but a one-word name must be written as asked ("Pháp" is not the
    "pháp" of "pháp lý")."""
    one_word = " " not in name
    key = name if one_word else fold_diacritics(name.lower())
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(key)}(?![^\W\d_])")
    texts = (unit.text, unit.chunk.breadcrumb)
    return any(pattern.search(t if one_word else fold_diacritics(t.lower())) for t in texts)


def in_evidence(document, name: str, hits: list[Hit]) -> bool:
    """The name in the evidence of the best unit's document (its retrieved passages) or in that
    document's metadata (title, issuer), matched as `mentions` matches it. Not the whole text:
    a province's plan names its neighbours somewhere, which does not make it about them."""
    if document is None:
        return False
    one_word = " " not in name
    key = name if one_word else fold_diacritics(name.lower())
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(key)}(?![^\W\d_])")
    texts = _document_texts(document, hits, breadcrumbs=True)
    if one_word:
        return any(_stands_alone(t, m) for t in texts for m in pattern.finditer(t))
    return any(pattern.search(_folded(t)) for t in texts)


def _document_texts(document, hits: list[Hit], breadcrumbs: bool) -> list[str]:
    """A document's title and metadata, then the text (and breadcrumb) of its retrieved passages."""
    if document is None:
        return []
    meta = [str(v) for k, v in document.meta.items() if k in _META_FIELDS and isinstance(v, str)]
    return [document.title, *meta] + [t for h in hits if h.chunk.doc_id == document.doc_id
                                       for t in ((h.chunk.text, h.chunk.breadcrumb) if breadcrumbs else (h.chunk.text,))]


def _stands_alone(text: str, m: re.Match[str]) -> bool:
    """A one-word name used as a name: not part of a longer one ("Lào" in "Lào Cai") and not a
    capital that only opens a sentence ("Pháp luật ...")."""
    before = text[: m.start()].rstrip()
    after = text[m.end():].lstrip()
    if not before or before[-1] in ".?!:;\n-–•+*|(\"“":
        return False
    previous = before.split()[-1] if before.split() else ""
    return not (after[:1].isupper() or (previous[:1].isupper() and text[m.start() - 1] == " "))


_META_FIELDS = ("title", "short_title", "issuer", "place", "kind", "number")


@lru_cache(maxsize=256)
def _folded(text: str) -> str:
    return fold_diacritics(text.lower())


def has_figure(info: QuestionInfo, unit: Unit) -> bool:
    if info.required_unit:
        return has_unit(unit.text, info.required_unit, info.share_allowed)
    return bool(re.search(r"\d", unit.text))


def _names_a_new_place(info: QuestionInfo, unit: Unit) -> bool:
    return any(fold(n) not in fold(info.text) for n in place_names_in(unit.text))


# (the question asks for it, the unit has it, what is missing) for the kinds of answer a
# question names.
ANSWER_TYPES = (
    # a figure, of the unit the question names when it names one ("bao nhiêu người")
    (lambda info: "bao nhieu" in fold(info.text) or bool(info.required_unit), has_figure, "figure"),
    # a year the text names; the date of a document it cites is none
    (lambda info: "year" in info.kinds, lambda info, u: bool(years_stated(u.text)), "year"),
    (lambda info: "who" in info.kinds and "signer" not in info.kinds, lambda info, u: names_a_body(u), "body"),
    # a place: a name the question does not already write; an address likewise
    (lambda info: "place" in info.kinds, _names_a_new_place, "place"),
    (lambda info: "address" in info.kinds and "place" not in info.kinds, _names_a_new_place, "address"),
)


# The answer types whose figure or year must be about the asked subject, and the decline when none is.
ABOUT_SUBJECT = {"figure": "the passages give no figure for what is measured",
                  "year": "the passages give no year for what is asked"}
