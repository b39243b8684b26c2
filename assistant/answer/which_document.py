"""Which document a question about a document itself means, when it does not say.

"Người ký kế hoạch giữ chức vụ gì?", "Mục II.2 nói gì?" ask about one document: its signer, its
own date, a section by number. In a library of several plans the answer of whichever document
retrieval ranks first may be another plan's: a wrong answer that looks right. When more than one
document could be meant and nothing in the question picks one, the assistant asks which.

The question picks one when its words are those of one document's title more than of any
other's ("Ai ký kế hoạch phát triển hạ tầng 5G?"). Pure functions; the chain decides what to do
when several remain (the conversation's document, the primary document, or asking back).
"""

from __future__ import annotations

from assistant.answer.question import analyse
from assistant.answer.scope import without_references
from assistant.model import ParsedDocument
from assistant.text.tokens import content_tokens

# Facts of the document itself; its relations ("thực hiện nghị quyết nào?") are read from every
# retrieved document that prints them, so they are no question about one document.
OWN_FACTS = frozenset({"issued", "signer", "issuer", "number", "recipients"})

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


def document_candidates(question: str, corpus: list[ParsedDocument], abbreviations=None,
                        info=None) -> tuple[list, list | None]:
    """The documents of `corpus` a question about a document itself may mean, and what its
    words are matched against to pick one (None: their titles); ([], None) for any other
    question. `info`: the question's analysis, when the caller has it."""
    info = info or analyse(without_references(question), abbreviations)
    if info.kinds & OWN_FACTS:
        return fact_candidates(question, corpus, abbreviations), None
    having = sections_named(question, corpus)
    return [p for p, _ in having], _section_titles(having)


def section_meant(question: str, corpus: list[ParsedDocument], abbreviations=None):
    """(document, section) for the section a question names by number, in the document it
    means; the candidates when several could be meant; None when no document has it."""
    having = sections_named(question, corpus)
    which = meant(question, [p for p, _ in having], _section_titles(having), abbreviations)
    if which is None or isinstance(which, list):
        return which
    return which, next(found for p, found in having if p is which)[0]


def _section_titles(having: list) -> list[str]:
    """What a question naming a section is matched against: each document's title and the
    heading of its section of that number."""
    return [f"{p.document.title} {found[0].title}" for p, found in having]


def fact_candidates(question: str, corpus: list[ParsedDocument], abbreviations=None) -> list[ParsedDocument]:
    """The documents a question about a document's own facts may mean: those of the kind it
    names ("kế hoạch"), when it names one; none when it names one by number (it says which)."""
    from assistant.answer.mentions import mentions

    named = next((m for m in mentions(question, abbreviations) if not m.asked and not m.excluded and m.kind), None)
    if named is None:
        return corpus
    if named.number:
        return []  # a document named by its number: the question says which (or cites one outside)
    return [p for p in corpus if str(p.document.meta.get("kind") or "") == named.kind] or corpus


def sections_named(question: str, corpus: list[ParsedDocument]) -> list:
    """(document, the sections resolved) for each document that has the section a question
    names by number ("Mục III.5", "Điều 206"); [] when it names none."""
    from assistant.answer.section_refs import resolve, section_refs

    refs = section_refs(question)
    return [(p, found) for p in corpus if (found := resolve(refs, p, question))] if refs else []
