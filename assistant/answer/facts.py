"""A document's own facts, read from what it prints rather than from the passages a question's
words retrieve: its date ("Kế hoạch ban hành ngày nào?"), its signer ("Ai ký ...?", "Người ký
giữ chức vụ gì?"), whom it is sent to ("Kế hoạch được gửi tới những cơ quan nào?": its "Nơi
nhận" list), and the documents it implements, is based on or cites ("Kế hoạch này thực
hiện nghị quyết nào?", "... căn cứ vào chương trình hành động nào của Ban Thường vụ Tỉnh ủy?"),
with the date printed next to a cited one ("Nghị quyết 20-NQ/TW mà Kết luận 69 nhắc tới được ban
hành ngày nào?").

    answer = own_fact(question, info.kinds, hits, units, corpus, short_titles)
    # None: not such a question, or nothing here answers it: the passages are searched as usual.
    # Answer(refused=True, reason=...): the document does not print it; the caller declines.

The document asked about is the one the question names (kind and number, or its short title),
else the best retrieved document of the kind it names, else the best retrieved document. Each
answer quotes the units holding the fact, with the fact as headline, and passes `verify` against
the chunks it quotes. The words involved are data (resources/relations.yaml, header.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.compose import compose
from assistant.answer.mentions import Mention, folded_question, mentions, names_document, question_grammar
from assistant.answer.question import fold
from assistant.answer.references import (
    Reference,
    issuer_matches,
    listed,
    references,
)
from assistant.model import Answer, Hit, ParsedDocument
from assistant.text.dates import key
from assistant.text.tokens import folded_tokens
from assistant.text.units import Unit, UnitIndex
from assistant.verify.answers import verify

KINDS = frozenset({"issued", "signer", "relation", "issuer", "number", "recipients"})
# At most this many cited documents are listed for "nhắc tới những nghị quyết nào" (a law cites dozens).
_MAX_CITED = 5
# How far into a document its header (issuer lines) may reach.
_HEADER_REACH = 1500
# How far before the signer's name its title lines may start (a few short capital lines).
_TITLE_REACH = 200


@dataclass(frozen=True)
class Fact:
    units: tuple[Unit, ...] = ()
    headline: str = ""
    missing: str = ""  # non-empty: why the document does not state it


def own_fact(question: str, kinds, hits: list[Hit], units: UnitIndex, corpus: list[ParsedDocument],
             titles: dict[str, str]) -> Answer | None:
    """The answer to a question about a document's own date, signer or relations (see above)."""
    named = mentions(question, units.abbreviations)
    for kind, find in (("issued", _issued), ("signer", _signer), ("issuer", _header_fact(_issuer_of)),
                       ("number", _header_fact(_number_of)), ("recipients", _header_fact(_recipients_of)),
                       ("relation", _relation)):
        if kind in kinds:
            facts = find(question, named, hits, units, corpus)
            if facts is not None:
                return _answer(facts, hits, titles)
    return None


# --- which document --------------------------------------------------------------------
def _documents(named: list[Mention], hits: list[Hit], corpus: list[ParsedDocument]) -> list[ParsedDocument]:
    """The documents asked about: the one the first mention names by number; for a kind alone,
    the best retrieved document of that kind (or of no recorded kind), else every document of
    that kind; with no mention, the best retrieved document. [] when none of them is here."""
    retrieved = [p for d in dict.fromkeys(h.chunk.doc_id for h in hits) for p in corpus if p.doc_id == d]
    if not named:
        return retrieved[:1]
    first = named[0]
    if not first.number:
        fitting = [p for p in retrieved if not (p.document.meta or {}).get("kind") or names_document(first, p.document.meta, "")]
        if fitting:
            return fitting[:1]
    return [p for p in corpus if names_document(first, p.document.meta or {}, p.document.short_title)]


def _own(named: list[Mention]) -> list[Mention]:
    return [m for m in named if not m.asked and not m.excluded]


# --- the three facts -------------------------------------------------------------------
def _issued(question, named, hits, units, corpus):
    own = _own(named)
    if not own and not hits:
        return None
    docs = _documents(own, hits, corpus)
    if docs:
        return [(p, _own_date(p, units)) for p in docs]
    # It names a document that is not here: the date printed next to it where one at hand cites it.
    containers = (_documents(own[1:], hits, corpus) if len(own) > 1 else []) or _documents([], hits, corpus)
    for p in containers:
        cited = [r for r in _cited(p, own[0], tied=not own[0].number) if r.date]
        if cited:
            unit = _quoting(_doc_units(p, units), cited[0])
            return [(p, Fact((unit,), f"ngày {cited[0].date}") if unit else Fact(missing=f"{p.doc_id}: that line is not in the index"))]
    return None


def _own_date(p: ParsedDocument, units: UnitIndex) -> Fact:
    """The document's own date, quoted from its place-and-date line; none printed, none given:
    the date of a resolution it implements is never its date."""
    issued = _header(p.document.text).issued
    if issued is None:
        return Fact(missing=f"{p.doc_id} prints no date of its own")
    pattern = re.compile(rf"ngày\s+0?{issued.day}\s*(?:tháng\s+|/)\s*0?{issued.month}\s*(?:năm\s+|/)\s*{issued.year}", re.IGNORECASE)
    m = pattern.search(p.document.text)
    unit = _smallest(_doc_units(p, units), m.start(), m.end()) if m else None
    if unit is None:
        return Fact(missing=f"{p.doc_id}: its date line is not in the index")
    return Fact((unit,), " ".join(m.group(0).split()))


def _signer(question, named, hits, units, corpus):
    own = _own(named)
    docs = _documents(own, hits, corpus)
    if not docs:
        if not own:
            return None  # nothing retrieved, nothing named: the passages decline
        return [(None, Fact(missing=f"no document here is the {own[0].kind} {own[0].number}".rstrip()))]
    return [(p, _signature(p, units)) for p in docs]


def _signature(p: ParsedDocument, units: UnitIndex) -> Fact:
    """Title and name as the closing prints them (ingest/closing.py), quoted from the units
    holding them wherever the chunker put the closing: found by span, not by section id."""
    from assistant.ingest.blocks import layout, proper_case, starts_with

    fields, text = _header(p.document.text), p.document.text
    if not fields.signer:
        return Fact(missing=f"{p.doc_id} prints no signer")
    names = list(re.finditer(rf"(?<!\w){re.escape(fields.signer)}(?!\w)", text))
    title = None
    if fields.signer_title:
        words = r"\s+".join(re.escape(key(w)) for w in fields.signer_title.split())
        title = re.compile(rf"(?<!\w){words}(?!\w)")
    # The name where its title lines stand right above it (a name may also occur in the text).
    spots = [(n, _title_before(title, text, n.start()) if title else None) for n in names]
    name, title_at = next(((n, t) for n, t in reversed(spots) if t is not None), (names[-1], None) if names else (None, None))
    if name is None:
        return Fact(missing=f"{p.doc_id}: its signer's name is not in its text")
    start = title_at if title_at is not None else name.start()
    doc_units = _doc_units(p, units)
    holding = _smallest(doc_units, name.start(), name.end())
    if holding is None:
        return Fact(missing=f"{p.doc_id}: its signature is not in the index")
    block = [u for u in doc_units if start <= u.start and u.end <= name.end()] + [holding]
    if fields.signer_title:
        headline = f"{fields.signer_title} {fields.signer}"
    elif fields.authority and (mark := starts_with(fields.authority, layout()["authorities"])):
        headline = f"{fields.signer} ({mark} {proper_case(fields.authority[len(mark):].strip())})"
    else:
        headline = fields.signer
    return Fact(_disjoint(block), headline)


def _header_fact(read):
    """A finder for a fact of the header block, read by `read(document, units)` from each
    document the question is about."""
    def find(question, named, hits, units, corpus):
        docs = _documents(_own(named), hits, corpus)
        return [(p, read(p, units)) for p in docs] if docs else None
    return find


def _issuer_of(p: ParsedDocument, units: UnitIndex) -> Fact:
    """The issuing body as the header names it, quoted from the header lines that print it
    ("TỈNH ỦY ĐIỆN BIÊN / BAN THƯỜNG VỤ" for "Ban Thường vụ Tỉnh ủy Điện Biên")."""
    fields, text = _header(p.document.text), p.document.text
    if not fields.issuer:
        return Fact(missing=f"{p.doc_id} prints no issuer")
    whole = key(fields.issuer)
    doc_units = _doc_units(p, units)
    block = []
    # The name as one phrase near the top ("Ban Thường vụ Tỉnh ủy ban hành Kế hoạch ..."), else
    # the header lines that spell it in parts ("ỦY BAN NHÂN / DÂN / TỈNH ĐỒNG THÁP").
    words = r"\s+".join(re.escape(w) for w in fields.issuer.split())
    m = re.search(rf"(?<!\w){words}(?!\w)", text[:_HEADER_REACH], re.IGNORECASE)
    if m and (unit := _smallest(doc_units, m.start(), m.end())) is not None:
        block.append(unit)
    for m in [] if block else re.finditer(r"[^\n|]+", text[:_HEADER_REACH]):
        line = re.sub(r"^(?:của|do)\s+", "", key(m.group(0).strip(" *#")))
        if len(line) >= 3 and line in whole:
            unit = _smallest(doc_units, m.start(), m.end())
            if unit is not None and unit not in block:
                block.append(unit)
    if not block:
        return Fact(missing=f"{p.doc_id}: its header is not in the index")
    return Fact(_disjoint(block), fields.issuer)


# "Lưu: VT, ..." keeps a copy on file (the archive line of Nghị định 30/2020/NĐ-CP): no recipient.
_ARCHIVE = re.compile(r"^lưu\b", re.IGNORECASE)


def _recipients_of(p: ParsedDocument, units: UnitIndex) -> Fact:
    """The "Nơi nhận" list the closing prints (ingest/closing.py reads it), each recipient quoted
    from the unit holding it, the archive line left out; a copy that prints none is declined."""
    text, fields = p.document.text, _header(p.document.text)
    named = [r for r in fields.recipients if not _ARCHIVE.match(r)]
    if not named:
        return Fact(missing=f"{p.doc_id} prints no list of recipients")
    opening = [m.end() for m in re.finditer(r"n[ơo]i nh[ậa]n", text, re.IGNORECASE)]
    doc_units, quoted = _doc_units(p, units), []
    for name in named:
        # a recipient wrapped over two lines is read as one: any run of spaces between its words
        m = re.compile(r"\s+".join(re.escape(w) for w in name.split())).search(text, opening[-1] if opening else 0)
        unit = _smallest(doc_units, m.start(), m.start() + len(name.split()[0])) if m else None
        if unit is not None:
            quoted.append(unit)
    if not quoted:
        return Fact(missing=f"{p.doc_id}: its recipients are not in the index")
    return Fact(_disjoint(quoted), "; ".join(named))


def _number_of(p: ParsedDocument, units: UnitIndex) -> Fact:
    """The số / ký hiệu as the header prints it ("Số: 552/KH-UBND"); a document that prints
    none has none (a copy without its header block), never one guessed from its citations."""
    fields, text = _header(p.document.text), p.document.text
    if not fields.number:
        return Fact(missing=f"{p.doc_id} prints no number")
    m = re.search(re.escape(fields.number), text[:_HEADER_REACH])
    unit = _smallest(_doc_units(p, units), m.start(), m.end()) if m else None
    if unit is None:
        return Fact(missing=f"{p.doc_id}: its header is not in the index")
    return Fact((unit,), fields.number)


def _relation(question, named, hits, units, corpus):
    """Which documents this one implements / is based on / cites, restricted to the kind and
    issuer asked ("chương trình hành động nào của Ban Thường vụ Tỉnh ủy") and not the ones set
    aside ("Ngoài nghị quyết của Bộ Chính trị, ..."), each quoted from the unit that names it."""
    g = question_grammar()
    asked = next((m for m in named if m.asked), None)
    if asked is None:
        return None
    q = folded_question(question, units.abbreviations)
    # The document does it: it is named before the verb ("Kế hoạch này thực hiện nghị quyết
    # nào?"), not a body it tasks ("UBND tỉnh phải cụ thể hóa những văn bản nào vào kế hoạch?").
    # English puts the verb last ("Which resolution does Plan 552 implement?").
    english = bool(g["which_before"].search(q[: asked.at]))
    subject_at = min((m.at for m in _own(named)), default=None)
    doing = [v for v in (*g["verb"].finditer(q), *g["cite"].finditer(q))
             if english or (subject_at is not None and subject_at < v.start() < asked.at)]
    implements = any(g["verb"].fullmatch(v.group(0)) for v in doing)
    cites = any(g["cite"].fullmatch(v.group(0)) for v in doing)
    if not doing:
        return None  # "Kế hoạch nào giao ...?", "UBND tỉnh cụ thể hóa những văn bản nào ...?" ask something else
    excluded = [m for m in named if m.excluded]
    out = []
    for p in _documents(_own(named), hits, corpus):
        doc_units = _doc_units(p, units)
        cited = [r for r in _cited(p, asked, tied=implements and not cites)
                 if not any(_fits(r, x) for x in excluded)]
        if asked.subject:  # "quyết định nào ... về Chiến lược hạ tầng số": the one about that
            wanted = folded_tokens(asked.subject)
            overlap = {id(r): len(wanted & folded_tokens(r.subject)) for r in cited}
            best = max(overlap.values(), default=0)
            cited = [r for r in cited if best and overlap[id(r)] == best]
        if not cited:
            continue
        # What it mentions: every one, each quoted where it is first named in full.
        chosen = cited if cites and not implements else _implemented(p, cited, asked.plural)
        distinct: dict[str, Reference] = {}
        for r in chosen:
            if r.number not in distinct or r.details > distinct[r.number].details:
                distinct[r.number] = r
        # Only what a unit can quote (a heading is no unit): a claim without its quote is never shown.
        quoted = [(r, u) for r in sorted(distinct.values(), key=lambda r: r.start) if (u := _quoting(doc_units, r))]
        if quoted:
            quoted = quoted[:_MAX_CITED]
            out.append((p, Fact(_disjoint([u for _, u in quoted]), "; ".join(r.headline for r, _ in quoted))))
    return out or None


def _implemented(p: ParsedDocument, cited: list[Reference], plural: bool) -> list[Reference]:
    """What it implements: in the first sentence tying one of `cited` (every such sentence for
    "những ... nào"), the ones of the list that sentence opens ("Căn cứ A; B và C"), else its first."""
    text, every = p.document.text, references(p.document.text)
    wanted = {r.start for r in cited}
    out: list[Reference] = []
    for sentence in dict.fromkeys(r.sentence for r in cited):
        tied = [r for r in every if r.sentence == sentence and r.tied]
        opened = [r for r in listed(text, tied) if r.start in wanted]
        out += opened or [r for r in cited if r.sentence == sentence][:1]
        if not plural:
            break
    return out


def _cited(p: ParsedDocument, m: Mention, tied: bool) -> list[Reference]:
    """The references of a document that a mention fits, in order; never the document itself."""
    own = re.match(r"\d+", str((p.document.meta or {}).get("number") or ""))
    return [r for r in references(p.document.text)
            if (r.tied or not tied) and _fits(r, m) and not (own and r.same_number(own.group(0)))]


def _fits(r: Reference, m: Mention) -> bool:
    if m.kind and not fold(r.kind).startswith(fold(m.kind)):
        return False
    if m.number:
        return r.same_number(m.number, m.code)  # a number names it, whoever the question says issued it
    return not m.issuer or issuer_matches(r, m.issuer)


# --- quoting ---------------------------------------------------------------------------
def _quoting(doc_units: list[Unit], r: Reference) -> Unit | None:
    """The unit that carries a reference: the smallest holding it with the verb that ties it
    ("Căn cứ ... Chương trình hành động số 10-CTr/TU ..."), else the smallest holding it."""
    return (_smallest(doc_units, r.verb_at, r.end) if r.verb_at is not None else None) or _smallest(doc_units, r.start, r.end)


def _doc_units(p: ParsedDocument, units: UnitIndex) -> list[Unit]:
    return [u for us in units.by_chunk.values() if us and us[0].doc_id == p.doc_id for u in us]


def _smallest(doc_units: list[Unit], start: int, end: int) -> Unit | None:
    holding = [u for u in doc_units if u.start <= start and end <= u.end]
    return min(holding, key=lambda u: (u.end - u.start, u.start)) if holding else None


def _disjoint(block: list[Unit]) -> tuple[Unit, ...]:
    """Whole lines in reading order, none inside another."""
    out: list[Unit] = []
    for u in sorted(block, key=lambda u: (u.start, -(u.end - u.start))):
        if not any(o.start < u.end and u.start < o.end for o in out):
            out.append(u)
    return tuple(out)


def _title_before(title: re.Pattern[str], text: str, at: int) -> int | None:
    """Where the last match of the title (key form) starts within _TITLE_REACH before `at`."""
    lo = max(0, at - _TITLE_REACH)
    found = list(title.finditer(key(text[lo:at])))
    return lo + found[-1].start() if found else None


@lru_cache(maxsize=32)
def _header(text: str):
    """Header and closing fields, read once per text (a law takes a tenth of a second)."""
    from assistant.ingest.header import read_header

    return read_header(text)


# --- the answer ------------------------------------------------------------------------
def _answer(facts: list[tuple[ParsedDocument | None, Fact]], hits: list[Hit], titles: dict[str, str]) -> Answer:
    """One document's fact as headline and quote; several documents (a kind named, none
    retrieved): each one's fact under its short title. Verified like every extractive answer."""
    found = [(p, f) for p, f in facts if not f.missing]
    if not found:
        return Answer("", (), refused=True, reason="; ".join(f.missing for _, f in facts))
    if len(found) == 1:
        chosen, headline = found[0][1].units, found[0][1].headline
    else:
        chosen = tuple(u for _, f in found for u in f.units)
        headline = "; ".join(f"{titles.get(p.doc_id, p.doc_id)}: {f.headline}" for p, f in found)
    text, citations = compose(chosen, headline, titles)
    problems = verify(text, citations, [h.chunk for h in hits] + [u.chunk for u in chosen], titles)
    if problems:  # the documents' own words should always verify; never show it if not
        return Answer("", (), refused=True, reason="answer of the document's own facts failed verification: " + "; ".join(problems))
    return Answer(text, citations, backend="extractive")
