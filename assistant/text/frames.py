"""How people type a question, undone before search and the answer step read it:
- its frame: greetings, politeness, the asker talking about themselves ("cho mình hỏi ... vậy
  ạ", "mọi người ơi"); its words name nothing the question asks about, so they are dropped
  (resources/frames.yaml);
- its shorthand ("cty tnhh 2tv", "đkkd", "ko"), written out as the documents spell it
  (resources/shorthand.yaml), for the answer step only (see there why search does not)."""

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


@lru_cache(maxsize=1)
def _shorthand() -> tuple[dict[str, str], re.Pattern[str] | None]:
    import yaml

    from assistant.resources import package_path

    table = yaml.safe_load(package_path("shorthand.yaml").read_text(encoding="utf-8"))["shorthand"] or {}
    folded_table = {_fold(k): v for k, v in table.items()}
    if not folded_table:
        return {}, None
    keys = sorted(folded_table, key=len, reverse=True)
    return folded_table, re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![a-z0-9])")


def expand_shorthand(question: str) -> str:
    """The question with its typed shorthand written out ("cty tnhh 2tv" -> "công ty trách
    nhiệm hữu hạn hai thành viên"); every other word kept as written."""
    table, pattern = _shorthand()
    form = _fold(question)
    if pattern is None or len(form) != len(question):
        return question
    out, at = [], 0
    for m in pattern.finditer(form):
        if len(m.group(0)) == 1 and form[:m.start()].rstrip().endswith("diem"):
            continue  # "điểm k khoản 1": the letter of a legal point
        out += [question[at:m.start()], table[m.group(0)]]
        at = m.end()
    return "".join(out + [question[at:]]) if out else question


def plain_question(question: str) -> str:
    """What the answer step reads: the shorthand written out, the frame dropped."""
    return strip_frames(expand_shorthand(question))
