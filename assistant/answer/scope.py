"""Which documents a question is about: the ones it names by kind and number ("Chỉ thị 06",
"KH 310/KH-UBND", "NQ 57"), by a law's name ("Luật Doanh nghiệp"), by place together with a
kind ("kế hoạch 5G Hà Nội"), or by kind alone in a referring frame ("của kế hoạch", "luật
này"). A number the corpus does not hold as a document's own number points at the documents
whose title cites it ("Nghị quyết 06" -> the plan that implements it).

    named_documents("Theo Chỉ thị 06 Quảng Trị, ai ...", [p.document for p in corpus])  # {"ct06-..."}

An empty set means the question names nothing the corpus holds: search everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.model import Document
from assistant.text.normalize import fold_diacritics, nfc, unify_tone_marks


def _key(text: str) -> str:
    return " ".join(fold_diacritics(unify_tone_marks(nfc(text))).lower().replace("đ", "d").split())


@dataclass(frozen=True)
class _Lexicon:
    kinds: dict[str, str]  # folded kind word or code -> folded canonical kind
    named_kinds: frozenset[str]
    number_lead: tuple[str, ...]
    place_leads: tuple[str, ...]
    kind_before: tuple[str, ...]
    kind_after: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    import yaml

    from assistant.ingest.blocks import layout
    from assistant.resources import package_path

    header = layout()
    data = yaml.safe_load(package_path("scope.yaml").read_text(encoding="utf-8"))
    kinds = {_key(k): _key(k) for k in header["kinds"]}
    kinds |= {_key(code): _key(kind) for code, kind in header["number_codes"].items()}
    kinds |= {_key(alias): _key(kind) for alias, kind in (data.get("kind_aliases") or {}).items()}
    return _Lexicon(kinds, frozenset(_key(k) for k in header["named_kinds"]),
                    tuple(_key(w) for w in data["number_lead"]),
                    tuple(sorted((_key(w) for w in data["place_leads"]), key=len, reverse=True)),
                    tuple(_key(w) for w in data["kind_before"]), tuple(_key(w) for w in data["kind_after"]))


def document_kind_words() -> tuple[str, ...]:
    """The folded words that name a kind of document ("ke hoach", "luat", "nghi quyet", "kh")."""
    return tuple(sorted(_lexicon().kinds, key=len, reverse=True))


def _words(phrase: str) -> str:
    return rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])"


def references(question: str) -> list[tuple[str, str]]:
    """(folded kind, number) for each "kind [số] N" the question writes: "Kế hoạch số 310/KH-UBND"
    -> ("ke hoach", "310"); "NQ 57-NQ/TW" -> ("nghi quyet", "57"); "57-NQ/TW" -> ("nghi quyet", "57")."""
    lex = _lexicon()
    q = _key(question)
    kinds = "|".join(re.escape(k) for k in sorted(lex.kinds, key=len, reverse=True))
    lead = "|".join(re.escape(w) for w in lex.number_lead)
    out = []
    for m in re.finditer(rf"(?<![a-z0-9])({kinds})\s*(?:(?:{lead})\s*)?(\d+)(?![\d,.]\d)", q):
        out.append((lex.kinds[m.group(1)], m.group(2).lstrip("0") or "0"))
    # A bare symbol "57-NQ/TW", "310/KH-UBND": its code names the kind.
    for m in re.finditer(r"(?<![a-z0-9])(\d+)\s*[-/]\s*([a-z]+)", q):
        kind = lex.kinds.get(m.group(2))
        if kind:
            out.append((kind, m.group(1).lstrip("0") or "0"))
    return list(dict.fromkeys(out))


# A document's number as written ("60/2024/QH15", "552/KH-UBND", "06-NQ/TW", "30/2020/NĐ-CP"),
# with the "số" before it.
_SYMBOL = re.compile(r"(?:(?<!\w)(?:số|So|Số|so)\s*:?\s*)?(?<![\w/])\d+(?:/(?:19|20)\d\d)?(?:[-/][A-Za-zĐđ]{1,8}\d*)+(?![\w/])")


def without_references(question: str) -> str:
    """The question without the numbers of the documents it names ("Theo Luật DL số
    60/2024/QH15, cơ quan nào là đầu mối?" -> "Theo Luật DL, cơ quan nào là đầu mối?"): the
    number says which document to read (`named_documents`), not what to find in it, and its
    year is no year the answer must be about."""
    out = _SYMBOL.sub("", question)
    return " ".join(out.split()).replace(" ,", ",") if out != question else question


def without_naming(question: str, documents: list[Document]) -> list[str]:
    """The pieces of the question around the words that name these documents: "kind [số] N"
    ("chỉ thị 06", "KH 552"), a law's name ("Luật Doanh nghiệp") and the place of its issuer ("Quảng Trị").
    They say which document to read, and every passage of it is about them; left in, they make
    a passage that cites another directive or names the province look like the answer."""
    lex = _lexicon()
    words = list(re.finditer(r"\w+", question))
    folded, starts = "", []
    for w in words:
        starts.append(len(folded))
        folded += _key(w.group()) + " "
    lead = "|".join(re.escape(w) for w in lex.number_lead)
    patterns, places = [], set()
    for d in documents:
        kind, number = _key(str(d.meta.get("kind") or "")), _own_number(d)
        own_kinds = "|".join(re.escape(k) for k, v in sorted(lex.kinds.items(), key=lambda kv: -len(kv[0])) if v == kind)
        if own_kinds and number:  # its own kind and number, not another document it cites ("Nghị quyết 20")
            patterns.append(rf"(?:{own_kinds}) (?:(?:{lead}) )?0*{number} ")
        name = _name(d)
        if _key(str(d.meta.get("kind") or "")) in lex.named_kinds and len(name.split()) >= 2:
            patterns.append(re.escape(name) + " ")
        places.update(re.escape(p) + " " for p in _places(d))
    patterns += sorted(places)
    cut = [False] * len(words)
    for pattern in patterns:
        for m in re.finditer(rf"(?<![^ ])(?:{pattern})", folded):
            covered = [i for i, start in enumerate(starts) if m.start() <= start < m.end()]
            after = covered[-1] + 1 if covered else len(words)
            if pattern in places and after < len(words) and words[after].group()[0].isupper() \
                    and not question[words[after - 1].end() : words[after].start()].strip():
                continue  # part of a longer name: "Điện Biên" of "Thành phố Điện Biên Phủ"
            for i in covered:
                cut[i] = True
    if not any(cut):
        return [question]
    pieces, last = [], 0
    for w, gone in zip(words, cut):
        if gone:
            pieces.append(question[last : w.start()])
            last = w.end()
    # Apart, so that the words either side of a cut make no phrase ("Theo" + "Sở").
    return [p for p in (" ".join(p.split()) for p in pieces + [question[last:]]) if p.strip(" ,.;:?!")]


def _own_number(doc: Document) -> str:
    found = re.match(r"\s*0*(\d+)", str(doc.meta.get("number") or ""))
    return found.group(1) if found else ""


def _name(doc: Document) -> str:
    """A law's name: "Luật Doanh nghiệp 2020" -> "luat doanh nghiep"."""
    words = _key(doc.short_title or doc.title)
    return re.sub(r"\s*(?:so\s*)?\d.*$", "", words).strip()


def _places(doc: Document) -> list[str]:
    lex = _lexicon()
    issuer = _key(str(doc.meta.get("issuer") or ""))
    out = []
    for lead in lex.place_leads:
        m = re.search(_words(lead) + r"\s+(.+)$", issuer)
        if m:
            out.append(m.group(1).strip())
            break
    return [p for p in out if p]


def named_documents(question: str, documents: list[Document]) -> frozenset[str]:
    lex = _lexicon()
    q = _key(question)
    refs = references(question)
    named: set[str] = set()
    for kind, number in refs:
        own = [d.doc_id for d in documents if _key(str(d.meta.get("kind") or "")) == kind and _own_number(d) == number]
        if own:
            named.update(own)
            continue
        # Not a document of the corpus: the documents whose title cites it.
        cite = re.compile(_words(kind) + r"\s*(?:so\s*)?0*" + number + r"(?!\d)")
        named.update(d.doc_id for d in documents if cite.search(_key(d.title)))
    for d in documents:
        if _key(str(d.meta.get("kind") or "")) in lex.named_kinds:
            name = _name(d)
            if len(name.split()) >= 2 and re.search(_words(name), q):
                named.add(d.doc_id)
    # Only kinds the corpus holds: "vốn điều lệ", "báo cáo thuế" are common nouns in questions.
    held = {_key(str(d.meta.get("kind") or "")) for d in documents}
    kinds_said = {kind for word, kind in lex.kinds.items() if kind in held and len(word) > 2 and re.search(_words(word), q)}
    placed = {d.doc_id for d in documents if any(re.search(_words(p), q) for p in _places(d))}
    if named:
        narrowed = named & placed
        return frozenset(narrowed or named)
    if placed and kinds_said:
        of_kind = {d.doc_id for d in documents if _key(str(d.meta.get("kind") or "")) in kinds_said}
        return frozenset((placed & of_kind) or placed)
    referring = set()
    for word, kind in lex.kinds.items():
        if len(word) <= 2:
            continue  # a bare code ("KH", "CT") without a number is too ambiguous
        before = "|".join(re.escape(w) for w in lex.kind_before)
        after = "|".join(re.escape(w) for w in lex.kind_after)
        if re.search(rf"(?<![a-z0-9])(?:{before})\s+{re.escape(word)}(?:\s*$|\s*[?.,!;:]|\s+(?:la|co|duoc|da|de|ve|noi|quy|giao|yeu|dat|neu|nhu))", q) \
                or re.search(rf"{_words(word)}\s+(?:{after})(?![a-z0-9])", q) or re.search(rf"^{re.escape(word)}\s+(?:{after})", q):
            referring.add(kind)
    if referring:
        return frozenset(d.doc_id for d in documents if _key(str(d.meta.get("kind") or "")) in referring)
    return frozenset()
