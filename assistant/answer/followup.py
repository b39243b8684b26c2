"""Follow-up questions ("còn năm 2030 thì sao?") rewritten into standalone questions.

Without a language model the rewrite is by rule, turn by turn (each follow-up is resolved
against the previous *standalone* question):
- only a new year ("Còn năm 2030?"): the previous question with its year swapped;
- only a new place ("Còn thị trấn Tuần Giáo năm 2030?"): the place (and year) swapped;
- a new topic ("Còn diện tích cây xanh?", "Còn Sở Xây dựng thì sao?"): the new topic with the
  previous question's predicate ("... phấn đấu đạt bao nhiêu?", "... có nhiệm vụ gì?").
A question that carries its own question word is standalone and left alone.
"""

from __future__ import annotations

import re

from assistant.answer.question import fold
from assistant.text.normalize import YEAR, proper_names

_OPENERS = re.compile(r"^\s*(?:thế còn|vậy còn|còn|and|what about|how about)(?![\w])[\s,]*", re.IGNORECASE)
_CLOSERS = re.compile(r"[\s,]*(?:thì sao|thì thế nào|thế nào|ra sao)?\s*[?.!]*\s*$", re.IGNORECASE)
_OWN_QUESTION = re.compile(r"(?<![a-z])(?:ai|gi|bao nhieu|khi nao|nao|the nao|vi sao|tai sao|what|who|when|which|how many)(?![a-z])")
_FILLER = re.compile(r"(?<!\w)(?:năm|đến|vào|giai đoạn|thời kỳ|và)(?!\w)", re.IGNORECASE)
_PLACE_TYPES = re.compile(r"(?<!\w)(?:thành phố|thị xã|thị trấn|huyện|xã|tỉnh|đô thị mới|đô thị)(?!\w)", re.IGNORECASE)
# Where the predicate of a question starts: the new topic takes it over.
_PREDICATE = re.compile(r"\s(?:phấn đấu|có nhiệm vụ|có trách nhiệm|được|phải|đạt|gồm|là|có)\s")
_MAX_FOLLOWUP_WORDS = 9


def previous_questions(history) -> list[str]:
    """User turns of a chat history: [{"role", "content"}] (Gradio messages) or [(q, a)] pairs."""
    out = []
    for turn in history or []:
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                out.append(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            out.append(turn[0])
    return out


def _focus(question: str) -> str:
    return _CLOSERS.sub("", _OPENERS.sub("", question)).strip()


def is_followup(question: str) -> bool:
    opened = bool(_OPENERS.match(question)) or bool(re.search(r"thì sao\s*\??\s*$", question, re.IGNORECASE))
    focus = _focus(question)
    return opened and len(question.split()) <= _MAX_FOLLOWUP_WORDS and not _OWN_QUESTION.search(fold(focus))


def rewrite(question: str, history) -> str:
    previous = previous_questions(history)
    if not previous:
        return question
    base = previous[0]
    for turn in previous[1:]:
        base = _resolve(turn, base)
    resolved = _resolve(question, base)
    return resolved[:1].upper() + resolved[1:]


def _resolve(question: str, base: str) -> str:
    if not is_followup(question):
        return question
    focus = _focus(question)
    if not focus:
        return base
    years = YEAR.findall(focus)
    rest = " ".join(_FILLER.sub(" ", YEAR.sub(" ", focus)).split())
    if not rest:
        return _swap_years(base, years)
    names = proper_names(rest)
    place_only = names and not _PLACE_TYPES.sub(" ", rest.replace(names[0], " ")).strip(" ,")
    old_names = proper_names(base)
    if place_only and old_names:
        swapped = base.replace(old_names[0], names[0], 1)
        new_type = _PLACE_TYPES.search(rest)
        if new_type:
            swapped = re.sub(_PLACE_TYPES.pattern + r"(\s+" + re.escape(names[0]) + ")",
                             lambda m: new_type.group(0) + m.group(1), swapped, count=1, flags=re.IGNORECASE)
        return _swap_years(swapped, years) if years else swapped
    predicate = _PREDICATE.search(base)
    if predicate:
        return f"{focus[:1].upper()}{focus[1:]}{base[predicate.start():]}".rstrip()
    return f"{base.rstrip(' ?')} ({focus})?"


def _swap_years(base: str, years: list[str]) -> str:
    """Put the new year where the previous question's horizon was ("năm 2025"), else add it."""
    if not years:
        return base
    horizon = re.search(r"(?<=năm )(?:19|20)\d\d", base) or (list(YEAR.finditer(base)) or [None])[-1]
    if horizon is None:
        return f"{base.rstrip(' ?')} năm {years[0]}?"
    return base[: horizon.start()] + years[0] + base[horizon.end():]
