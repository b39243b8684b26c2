"""The frame of a question: greetings, politeness, the asker talking about themselves ("cho mình
hỏi ... vậy ạ", "mọi người ơi"). Its words name nothing the question asks about, so search and
the answer step drop them (the phrases are data: resources/frames.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold_diacritics, search_form


def _fold(text: str) -> str:
    return fold_diacritics(search_form(text))


@lru_cache(maxsize=8)
def phrase_pattern(resource: str) -> re.Pattern[str]:
    """Any phrase of a resources/ YAML file's `phrases` list, as whole words of folded text
    (accent-free, case-free, one i/y spelling), longest first."""
    import yaml

    from assistant.resources import package_path

    phrases = yaml.safe_load(package_path(resource).read_text(encoding="utf-8"))["phrases"]
    folded = sorted({_fold(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(p) for p in folded) + r")(?![a-z0-9])")


def folded(text: str) -> str:
    """The form `phrase_pattern` matches; the same length as `text` for ordinary text."""
    return _fold(text)


def strip_frames(question: str) -> str:
    """The question without its frame ("cho mình hỏi", "vậy ạ", "mọi người"): the words kept
    as written, so search and quotes still see the user's accents. The question itself when
    nothing else is left."""
    form = _fold(question)
    if len(form) != len(question):  # folding changed offsets (rare ligatures): keep it whole
        return question
    kept, at = [], 0
    for m in phrase_pattern("frames.yaml").finditer(form):
        kept.append(question[at:m.start()])
        at = m.end()
    kept.append(question[at:])
    stripped = " ".join("".join(kept).split()).strip(" ,.;:!")
    return stripped if re.search(r"[^\W\d_]{2}", stripped) else question


