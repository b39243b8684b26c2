"""Follow-up questions ("còn năm 2030 thì sao?") rewritten into standalone questions.

Without a language model the rewrite is by rule: a short question that opens with "còn",
"thế còn", "vậy" or ends with "thì sao" takes the previous question and swaps in what is new
(a year, a named place) or adds it. A generative backend may rewrite with its own prompt.
"""

from __future__ import annotations

import re

from .normalize import proper_names
from .question import _YEAR

_OPENERS = re.compile(r"^\s*(?:thế còn|vậy còn|còn|vậy thì|vậy|thế|and|what about|how about)\b[\s,]*", re.IGNORECASE)
_CLOSERS = re.compile(r"[\s,]*(?:thì sao|thế nào|ra sao|như thế nào|thì thế nào)?\s*[?.!]*\s*$", re.IGNORECASE)
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


def is_followup(question: str) -> bool:
    words = question.split()
    return len(words) <= _MAX_FOLLOWUP_WORDS and bool(_OPENERS.match(question) or re.search(r"thì sao\s*\??\s*$", question, re.I))


def rewrite(question: str, history) -> str:
    previous = previous_questions(history)
    if not previous or not is_followup(question):
        return question
    base = previous[-1]
    focus = _CLOSERS.sub("", _OPENERS.sub("", question)).strip()
    new_years, old_years = _YEAR.findall(focus), _YEAR.findall(base)
    if new_years and old_years:
        return _YEAR.sub(lambda m, it=iter(new_years + new_years[-1:] * 9): next(it), base, count=len(old_years))
    new_names, old_names = proper_names(focus), proper_names(base)
    if new_names and old_names:
        return base.replace(old_names[0], new_names[0], 1)
    if not focus:
        return base
    return f"{base.rstrip(' ?')} ({focus})?"
