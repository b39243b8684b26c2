"""The documents a question names, as it names them: "Kế hoạch 310/KH-UBND", "nghị quyết nào
của tỉnh", "ngoài nghị quyết của Bộ Chính trị", "Văn bản này" (answer/facts.py reads a
document's own facts for them; the chain asks which document is meant). The words are data
(resources/relations.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.question import fold
from assistant.answer.references import grammar
from assistant.text.normalize import is_year
from assistant.text.tokens import replace_abbreviations

# A document number as a question writes it ("20-NQ/TW", "310/KH-UBND", "10-CTr/TU").
_DOC_NUMBER = re.compile(r"(\d+(?:/(?:19|20)\d\d)?\s*[-/]\s*[^\W\d_][\w&]*(?:\s*[-/]\s*[^\W\d_][\w&]*)*)")


@dataclass(frozen=True)
class Mention:
    """A document a question names: "Kế hoạch 310/KH-UBND", "nghị quyết nào của tỉnh"."""

    kind: str  # canonical ("Nghị quyết"), "" for "văn bản" (any kind)
    number: str = ""  # its digits, "" when not given
    code: str = ""  # folded letters after the digits ("nq/tw")
    issuer: str = ""  # folded phrase after "của" / "do"
    subject: str = ""  # folded phrase after "về"
    asked: bool = False  # "nghị quyết nào": the question asks which one
    excluded: bool = False  # "ngoài nghị quyết của Bộ Chính trị": not the one asked
    plural: bool = False  # "những nghị quyết nào": all of them
    at: int = 0  # where it starts in the folded question


def asks_about(question: str, meta: dict) -> bool:
    """Whether the document a question asks the date of is this one: the first document it
    names ("Kế hoạch này", "Kế hoạch 45 ...", "NQ 57") is of this document's kind, and a number
    right after that name is this document's number. "Kế hoạch thực hiện Nghị quyết 06 ban hành
    ngày nào?" asks about the plan; "Nghị quyết 06 ban hành ngày nào?" about the resolution."""
    own = [m for m in mentions(question) if not m.asked and not m.excluded]
    # "Văn bản này ...": a document of no kind named is the one retrieved.
    return not own or not own[0].kind or names_document(own[0], meta, str(meta.get("short_title") or ""))


def mentions(question: str, abbreviations: dict[str, str] | None = None) -> list[Mention]:
    """The documents a question names, in order, with what it says of each."""
    g = question_grammar()
    q = folded_question(question, abbreviations)
    out = []
    for m in g["kind"].finditer(q):
        name, after = m.group(1), q[m.end():]
        number = re.match(r"\s*(?:so\s*)?(\d+)((?:\s*[-/]\s*[a-z]+)*)", after)
        if number and is_year(number.group(1)) and not number.group(2):
            number = None  # "Luật Dữ liệu 2024", "Kế hoạch năm 2025": a year, not a number
        if name in g["kinds"]:
            kind = g["kinds"][name]
        elif number:
            kind = g["codes"][name]
        else:
            continue  # a code names a document only with its number ("NQ 06"), not as the "đã" of "da"
        rest = after[number.end():] if number else after
        which = g["which"].match(rest)
        asked = bool(which) or bool(g["which_before"].search(q[: m.start()]))
        if not kind and not asked:
            continue  # "Văn bản này": the document at hand, whatever its kind
        if g["not_after"].search(q[: m.start()]) or (
                kind in g["everyday"] and not number and not asked and not g["naming"].match(rest)):
            continue  # "pháp luật", "tuân thủ quy định": words, not documents
        rest = rest[which.end():] if which else rest
        issuer = g["issuer"].match(rest)
        rest = rest[issuer.end():] if issuer else rest
        subject = g["subject"].match(rest)
        out.append(Mention(
            kind, number.group(1) if number else "", re.sub(r"\s+", "", number.group(2)) if number else "",
            issuer.group(1).strip() if issuer else "", subject.group(1).strip() if subject else "",
            asked, bool(g["exclusion"].search(q[: m.start()])), bool(g["plural"].search(q[: m.start()])), m.start(),
        ))
    return out


def folded_question(question: str, abbreviations: dict[str, str] | None) -> str:
    """The question folded, abbreviations spelled out ("BTV TU") except inside document numbers
    (the "TW" of 20-NQ/TW)."""
    pieces = _DOC_NUMBER.split(question)
    return fold("".join(p if i % 2 else replace_abbreviations(p, abbreviations or {}) for i, p in enumerate(pieces)))


@lru_cache(maxsize=1)
def question_grammar() -> dict:
    g = grammar()
    alt = lambda words: "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))
    kinds = {**g["question_kinds"], **{fold(a): "" for a in g["any_kind"]}}
    stops = alt(g["issuer_stops"] + g["verbs"] + g["cite_verbs"] + g["which"] + g["issuer_joins"])
    phrase = rf"(.+?)(?=\s+(?:{stops})(?![a-z])|\s*[?,.;:!]|$)"
    return {
        "kinds": kinds, "codes": g["question_codes"],
        "kind": re.compile(rf"(?<![a-z0-9])({alt(list(kinds) + list(g['question_codes']))})(?![a-z0-9])"),
        "which": re.compile(rf"\s+(?:{alt(g['which'])})(?![a-z])"),
        "which_before": re.compile(rf"(?<![a-z])(?:{alt(g['which_before'])})\s+$"),
        "everyday": frozenset(g["everyday_kinds"]),
        "naming": re.compile(rf"\s+(?:{alt(g['naming_words'])})(?![a-z])"),
        "not_after": re.compile(rf"(?<![a-z])(?:{alt(g['not_after'])})\s+$"),
        "plural": re.compile(rf"(?<![a-z])(?:{alt(g['plural'])})\s+$"),
        "exclusion": re.compile(rf"(?<![a-z])(?:{alt(g['exclusions'])})\s+(?:(?:cac|nhung)\s+)?$"),
        "issuer": re.compile(rf"\s+(?:{alt(g['issuer_words'])})\s+{phrase}"),
        "subject": re.compile(rf"\s+(?:{alt(g['subject_words'])})\s+{phrase}"),
        "verb": re.compile(rf"(?<![a-z])(?:{alt(g['verbs'])})(?![a-z])"),
        "cite": re.compile(rf"(?<![a-z])(?:{alt(g['cite_verbs'])})(?![a-z])"),
    }


def names_document(m: Mention, meta: dict, short_title: str) -> bool:
    """Whether a mention names a document of this kind (and number, or short title)."""
    if fold(str(meta.get("kind") or "")) != fold(m.kind):
        return False
    if not m.number:
        return True
    own = re.match(r"\d+", str(meta.get("number") or ""))
    if own and own.group(0).lstrip("0") == m.number.lstrip("0"):
        return True
    # "Kế hoạch 06 Điện Biên": a short title may carry the number of the resolution it implements.
    return re.search(rf"(?<![a-z]){re.escape(fold(m.kind))}\s+(?:so\s+)?0*{m.number.lstrip('0')}(?!\d)", fold(short_title)) is not None
