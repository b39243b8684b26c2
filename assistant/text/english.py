"""English questions in the documents' own words (resources/english.yaml): "Who is responsible
for propaganda about this plan?" -> "ai chủ trì tuyên truyền kế hoạch". e5 places an English
question near Vietnamese passages only loosely (its cosines for right and wrong passages
overlap); a question whose every content word has a Vietnamese gloss can instead be searched,
measured and checked like a Vietnamese one.

    text, glossed = gloss("By when must the district party committees issue their action programmes?")
    # ("khi nào huyện ủy ban hành chương trình hành động?", 1.0)

No library translates offline here (no translation model ships on PyPI); this is a glossary of
administrative words, not a translator: word order stays English, which search and coverage
ignore.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The share of an English question's content words the glossary must know for it to be answered
# as its Vietnamese gloss (chosen on the dev halves; README, "Answering what users ask").
GLOSSED_SHARE = 1.0
# A code ("310/KH-UBND", "06-NQ/TW", "5G") stays one word; then words, numbers, punctuation.
_WORD = re.compile(r"\w+(?:[/\-.]\w+)+|\d\w*|[^\W\d_][\w'&\-]*|\d[\d.,%/]*|[^\w\s]")
# "by 2030" is the horizon "đến năm 2030", "in 2025" the year "năm 2025".
_YEAR = re.compile(r"\b(?P<w>by|in)\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _glossary() -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    import yaml

    from assistant.resources import package_path

    data = yaml.safe_load(package_path("english.yaml").read_text(encoding="utf-8"))
    # "'s" is dropped from questions before matching ("Quang Tri's"), so from the phrases too
    table = {k.lower().replace("'s", ""): v for k, v in data["glossary"].items()}
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![A-Za-z'&])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![A-Za-z&])", re.IGNORECASE)
    return pattern, table, frozenset(data["function_words"].lower().split())


def gloss(question: str) -> tuple[str, float]:
    """The question with each glossary phrase in Vietnamese and its function words dropped,
    and the share of its content words the glossary knew. Capitalised words inside the
    sentence (names: "Quang Tri", "Dien Bien Phu"), numbers and punctuation are kept as written
    and do not count."""
    pattern, table, function = _glossary()
    text = _YEAR.sub(lambda m: f"đến năm {m['y']}" if m["w"].lower() == "by" else f"năm {m['y']}",
                     re.sub(r"'s\b", "", question))
    out: list[str] = []
    known = unknown = at = 0
    # A question typed in capitals or in Title Case has no names to tell apart: its capitalised
    # words count ("How Many Metro Lines ..." is not about a place called "Metro Lines").
    words = re.findall(r"[A-Za-z]+", text)
    shouted = bool(words) and (all(w[0].isupper() for w in words)
                               or sum(w.isupper() and len(w) > 1 for w in words) > len(words) / 2)
    for m in pattern.finditer(text):
        unknown += _rest(text[at:m.start()], function, out, first=at == 0, shouted=shouted)
        # IGNORECASE also matches "ſ" and the Kelvin sign, which .lower() does not map back
        out.append(table.get(m.group(0).lower()) or table.get(m.group(0).casefold(), m.group(0)))
        known += 1
        at = m.end()
    unknown += _rest(text[at:], function, out, first=at == 0, shouted=shouted)
    glossed = re.sub(r"\s+([?.,;:!])", r"\1", " ".join(" ".join(out).split()))
    return glossed, (known / (known + unknown) if known + unknown else 0.0)


def _rest(span: str, function: frozenset[str], out: list[str], first: bool, shouted: bool = False) -> int:
    """Words between glossary phrases, appended to `out`: names, numbers and punctuation as
    written, function words dropped, other words kept. Returns how many were other words."""
    unknown = 0
    for i, m in enumerate(_WORD.finditer(span)):
        word = m.group(0)
        if word[0].isalpha() and word.lower() in function:
            continue
        out.append(word)
        name = word[0].isupper() and not (first and i == 0) and not shouted
        if word.isascii() and word[0].isalpha() and not name and not re.search(r"[/\-.]\w", word):
            unknown += 1  # not a name as typed ("Quang Tri", "GRDP"), a number or a gloss of a year
    return unknown
