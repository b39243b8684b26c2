"""Which document a question about a document itself means, when it does not say.

"Người ký kế hoạch giữ chức vụ gì?", "Mục II.2 nói gì?" ask about one document: its signer, its
own date, a section by number. In a library of several plans the answer of whichever document
retrieval ranks first may be another plan's: a wrong answer that looks right. When more than one
document could be meant and nothing in the question picks one, the assistant asks which.

The question picks one when its words are those of one document's title more than of any
other's ("Ai ký kế hoạch phát triển hạ tầng 5G?"). Pure functions; the chain asks the question.
"""

from __future__ import annotations

from assistant.model import ParsedDocument
from assistant.text.tokens import content_tokens

# How many word pairs of its own title (not shared by every candidate's title, as "kế hoạch"
# or "thực hiện nghị quyết" may be) the question must share to pick a document.
_TITLE_PAIRS = 1


def _pairs(text: str, abbreviations) -> set[str]:
    return {t for t in content_tokens(text, abbreviations) if "_" in t}


def picked_by_title(question: str, titles: list[str], abbreviations=None) -> int | None:
    """The index of the title that shares more of its own word pairs with the question than
    any other does, or None."""
    if not titles:
        return None
    asked = _pairs(question, abbreviations)
    pairs = [_pairs(t, abbreviations) for t in titles]
    common = set.intersection(*pairs)
    shared = sorted(((len(asked & (t - common)), n) for n, t in enumerate(pairs)), reverse=True)
    if shared[0][0] < _TITLE_PAIRS or (len(shared) > 1 and shared[1][0] == shared[0][0]):
        return None
    return shared[0][1]


def meant(question: str, candidates: list[ParsedDocument], titles: list[str] | None = None,
          abbreviations=None) -> ParsedDocument | None | list[ParsedDocument]:
    """The one candidate the question means; or, when several could be meant and the question's
    words pick none, the candidates (the question to ask back). `titles` are what the question's
    words are matched against, one per candidate (default: the documents' titles; for a
    section named by number, the document's title and the section's). Retrieval's ranking does
    not pick: for "Mục III.5 của kế hoạch" it ranks by "quy định những gì", which any plan has."""
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    picked = picked_by_title(question, titles or [p.document.title for p in candidates], abbreviations)
    return candidates[picked] if picked is not None else candidates
