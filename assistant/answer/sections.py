"""Sections a question names, and the section a summary or list question asks for: pure
functions over a document's section tree (model.SectionTree, DESIGN.md "Section ids") and the
answer units of its indexed chunks (text/units.py), so that the answer step can quote a
section instead of the one sentence that shares most words with the question.

    section_refs("Điểm b khoản 1 Điều 109 quy định gì?")        # ["Điều 109.1.b"]
    resolve(["2.2"], tree, "Tiểu mục 2.2 trong phần mục tiêu nói gì?")   # [Section II.2.2]
    section_units(section, parsed, units)     # its own lines, then each child's heading, in order
    summary_section("Liệt kê các nhiệm vụ chủ yếu của kế hoạch.", corpus, hits)   # Section III or None

The words questions use for levels, summaries and lists are data (resources/sections.yaml);
matching ignores case and diacritics, except a point's letter ("điểm đ" is not "điểm d").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from assistant.model import CLOSING_ID, PREAMBLE, Chunk, Hit, ParsedDocument, Section, SectionTree
from assistant.resources import package_path
from assistant.text.markers import is_structural, match_heading, roman_to_int, to_roman
from assistant.text.normalize import fold_diacritics, search_form, years
from assistant.text.spans import LEADING_MARK, is_heading_only, lines
from assistant.text.tokens import content_tokens, folded_tokens
from assistant.text.units import BIGRAM_WEIGHT, Unit, UnitIndex

# A section with more lines and children to list than this is listed up to here, so that a
# law's chapter of dozens of articles does not become one answer; no section of the shipped
# plan or the library documents comes near it (the most is the 34 khoản of a definitions article).
MAX_ITEMS = 40

# A summary section's heading must be mostly words of the question (precision) and cover a
# fair share of what it asks (recall; the section's ancestors' headings count half). Chosen on
# the summary and list questions of evals/questions/natural/*.dev.yaml and evals/questions/dev.yaml.
MIN_PRECISION = 0.6
MIN_RECALL = 0.3
_ANCESTOR_WEIGHT = 0.5

# Nesting order of the levels a reference may name, outermost first.
_RANK = {"appendix": 0, "chapter": 1, "part": 2, "article": 3, "section": 4, "clause": 5, "point": 6}
_ID_WORDS = {"appendix": "Phụ lục", "chapter": "Chương", "article": "Điều"}
_NO_ITEMS = (PREAMBLE, CLOSING_ID)


# --- vocabulary ----------------------------------------------------------------------------
def _forms(text: str) -> tuple[str, str]:
    """The text in search form and folded (no diacritics), with the same offsets."""
    searched = search_form(text)
    folded = fold_diacritics(searched)
    return (searched if len(folded) == len(searched) else folded), folded


def _fold(text: str) -> str:
    return _forms(text)[1]


def _any_of(phrases: Iterable[str]) -> str:
    """Any of the phrases as whole words of folded text, longest first."""
    folded = sorted({_fold(p).strip() for p in phrases}, key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in folded) + r")(?!\w)"


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    import yaml  # lazily: importing the answer stage loads no third-party package

    data = yaml.safe_load(package_path("sections.yaml").read_text(encoding="utf-8"))
    level_of = {_fold(w): kind for kind, words in data["levels"].items() for w in words}
    number = r"(?P<num>(?:\d{1,3}[a-z]?|[ivxlc]{1,6})(?:\.(?:\d{1,3}|[a-z]))*|[a-z])"
    summary = data["summary"]
    return {
        "level_of": level_of,
        # a level word, "số"/"thứ", its number: not "57" of "Nghị quyết 57", not "2/3" or "5%"
        "reference": re.compile(rf"(?<![\w.])(?P<kw>{_any_of(level_of)})(?:\s+{_any_of(data['number_words'])})?"
                                rf"(?:\s+{number}(?![\w/%]|[.,]\d))?(?!\w)"),
        # both spellings: "tại khoản 1" is a reference, "tài khoản 1" is not, and "tai khoan 1"
        # typed without diacritics is read the cautious way
        "compounds": {_fold(k): frozenset(search_form(w) for w in v) | frozenset(_fold(w) for w in v)
                      for k, v in data["compounds"].items()},
        "connectors": re.compile(rf"^(?:[\s,;:–-]|{_any_of(data['connectors'])})*$"),
        "conjunctions": re.compile(rf"^(?:[\s,;]|{_any_of(data['conjunctions'])})*$"),
        "verbs": re.compile(_any_of(summary["verbs"])),
        # "những … nào": the frame's words are groups 1, 3, ...; the subject between them is not
        "frames": tuple(re.compile(r"(.{1,60}?)".join(f"({_any_of([p])})" for p in f.split("…")))
                        for f in summary["frames"]),
        "fillers": re.compile(_any_of(summary["fillers"])),
        "horizon": frozenset(_fold(w) for p in summary["horizon_words"] for w in p.split()),
    }


# --- 1. references named by a question -----------------------------------------------------
class _Atom(NamedTuple):
    """A level word and its number in a question: ("clause", "3", start, end, compound)."""

    kind: str
    num: str
    start: int
    end: int
    compound: bool  # "thời điểm 3", "tài khoản 1": another noun, unless an outer level follows


def _is_roman(numeral: str) -> bool:
    numeral = numeral.upper()
    if not numeral or not set(numeral) <= set("IVXLC"):
        return False
    value = roman_to_int(numeral)
    return 0 < value < 90 and to_roman(value) == numeral


def _canonical_number(kind: str, num: str) -> str | None:
    """The number as ids write it ("iii.2" -> "III.2", appendix "01" -> "I", point "Đ" -> "đ"),
    or None when it cannot be a number of that level."""
    if not num or kind == "point":
        return num.lower() if len(num) <= 1 or num.isdigit() else None
    head, *rest = num.split(".")
    if head.isalpha() and not _is_roman(head) or kind == "article" and rest:
        return None  # "mục a"; "Điều 5.1" is written "khoản 1 Điều 5"
    if head.isdigit():
        # "phụ lục 1", "chương 2", "phần 2" are numbered in Roman
        head = to_roman(int(head)) if kind in ("appendix", "chapter", "part") else str(int(head))
    return ".".join([head.upper()] + [r.lower() if r.isalpha() else str(int(r)) for r in rest])


def _atoms(question: str) -> tuple[str, str, list[_Atom]]:
    vocab = _vocabulary()
    text, folded = _forms(question)
    atoms = []
    for m in vocab["reference"].finditer(folded):
        kw = " ".join(m.group("kw").split())
        kind = vocab["level_of"][kw]
        num = _canonical_number(kind, text[m.start("num") : m.end("num")] if m.group("num") else "")
        if num is not None and (num or kind == "appendix"):
            before = text[: m.start()].split()
            atoms.append(_Atom(kind, num, m.start(), m.end(), bool(before) and before[-1] in vocab["compounds"].get(kw, ())))
    return text, folded, atoms


def _render(group: list[_Atom]) -> str:
    """One id from the levels a reference names, outermost first: [khoản 3, Điều 17] -> "Điều 17.3"."""
    atoms = sorted(group, key=lambda a: (_RANK[a.kind], -a.start))
    kinds = {a.kind for a in atoms}
    if "article" in kinds:  # articles are numbered through the whole law, not per chapter
        atoms = [a for a in atoms if a.kind not in ("chapter", "part")]
    words = {**_ID_WORDS, **({"section": "Mục"} if "chapter" in kinds else {})}  # a law's Mục in its Chương
    return ".".join(f"{words[a.kind]} {a.num}".strip() if a.kind in words else a.num for a in atoms)


def _groups(folded: str, atoms: list[_Atom]) -> list[list[_Atom]]:
    """Atoms joined into references: "điểm 4 của phần V" is one, "Điều 5 và Điều 6" two; an
    inner level before a conjunction takes the outer levels after it ("khoản 1 và khoản 2
    Điều 5": Điều 5.1 and Điều 5.2)."""
    vocab = _vocabulary()
    groups: list[list[_Atom]] = []
    for atom in atoms:
        last = groups[-1] if groups else []
        if last and vocab["connectors"].match(folded[last[-1].end : atom.start]) and atom.kind not in {a.kind for a in last}:
            last.append(atom)
        else:
            groups.append([atom])
    for a, b in pairwise(groups):
        inner, own = min(_RANK[x.kind] for x in a), {x.kind for x in a}
        if vocab["conjunctions"].match(folded[a[-1].end : b[0].start]) and own <= {x.kind for x in b}:
            a.extend(x for x in b if _RANK[x.kind] < inner)
    return [g for g in groups if not all(a.compound for a in g)]


def _references(question: str) -> tuple[str, list[tuple[str, list[_Atom]]]]:
    text, folded, atoms = _atoms(question)
    return text, [(_render(g), g) for g in _groups(folded, atoms)]


def section_refs(question: str) -> list[str]:
    """The section ids a question names, in its order: "Mục III.2" -> "III.2", "điểm 4 phần V"
    -> "V.4", "khoản 3 Điều 17" -> "Điều 17.3", "phụ lục 1" -> "Phụ lục I", "tiểu mục 2.2" ->
    "2.2" (a partial id; `resolve` finds where it sits). A document's number ("Nghị quyết
    57"), a year or a figure is never a section."""
    return list(dict.fromkeys(ref for ref, _ in _references(question)[1]))


# --- 2. references -> sections of one tree -------------------------------------------------
@lru_cache(maxsize=1 << 15)
def _segments(section_id: str) -> tuple[str, ...]:
    """Comparison key of an id, level by level: "Điều 17.3.đ" -> ("dieu 17", "3", "đ"); a
    point's letter keeps its diacritic; appendix, chapter and part numbers are Roman."""
    out = []
    for seg in (" ".join(s.split()) for s in section_id.split(".")):
        seg = seg.lower() if len(seg) == 1 else fold_diacritics(seg).lower()
        m = re.fullmatch(r"(phu luc|chuong|phan) 0*(\d+)", seg)
        out.append(f"{m.group(1)} {to_roman(int(m.group(2))).lower()}" if m else seg)
    return tuple(out)


def _tree(tree: SectionTree | ParsedDocument) -> SectionTree:
    return tree.tree if isinstance(tree, ParsedDocument) else tree


def resolve(refs: Iterable[str], tree: SectionTree | ParsedDocument, question: str = "") -> list[Section]:
    """The sections of one document the refs mean: the exact id (case and diacritics of
    "Điều", "Phụ lục", "Chương" aside); a Roman part "V" also as "Phần V"; a partial id that
    ends exactly one id ("2.2" -> "II.2.2") or, when it ends several, the one whose headings
    (its own and its ancestors') share most words with the rest of the question; a khoản or
    điểm the parser did not find, as its Điều; "Phụ lục I" or "Phụ lục" as a document's only
    appendix; "V" as "Phần V", or as "5" where the parts are numbered so. Refs that resolve to
    nothing are left out (never a guess)."""
    tree = _tree(tree)
    keyed = [(_segments(s.id), s) for s in tree]
    text, found = _references(question)
    for atom in (a for _, group in found for a in group):
        text = text[: atom.start] + " " * (atom.end - atom.start) + text[atom.end :]
    words = frozenset(content_tokens(text))
    out: list[Section] = []
    for ref in refs:
        section = _resolve_one(_segments(ref), tree, keyed, words)
        if section is not None and section not in out:
            out.append(section)
    return out


def _resolve_one(key: tuple[str, ...], tree: SectionTree, keyed, words: frozenset[str]) -> Section | None:
    by_key = dict(keyed)
    n = len(key)
    roman = n == 1 and _is_roman(key[0])  # "mục V": also "Phần V", or "5" where parts are numbered
    for candidate in (key, ("phan " + key[0],) if roman else None, (str(roman_to_int(key[0].upper())),) if roman else None):
        if candidate in by_key:
            return by_key[candidate]
    tails = [s for k, s in keyed if s.kind not in _NO_ITEMS and len(k) > n and k[-n:] == key]
    if tails:
        return tails[0] if len(tails) == 1 else _closest(tails, tree, words)
    appendices = [s for s in tree if s.kind == "appendix" and s.parent is None]
    if key in (("phu luc",), ("phu luc i",)) and len(appendices) == 1:
        return appendices[0]  # "Phụ lục I" of a document whose one appendix has no number, or the reverse
    if key[0].startswith("dieu "):  # a khoản the parser left in its Điều's text
        return next((by_key[key[:d]] for d in range(n - 1, 0, -1) if key[:d] in by_key), None)
    return None


def _closest(candidates: list[Section], tree: SectionTree, words: frozenset[str]) -> Section | None:
    """The candidate whose own and ancestors' headings share most words with the question;
    None on a tie."""
    def shared(section: Section) -> float:
        headings = [tree.get(a).title for a in section.path if tree.get(a)] + [section.title]
        tokens = frozenset(t for h in headings for t in content_tokens(h))
        return sum(BIGRAM_WEIGHT if "_" in t else 1.0 for t in words & tokens)

    scored = sorted(((shared(s), n, s) for n, s in enumerate(candidates)), key=lambda x: (-x[0], x[1]))
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][2]
    return None


# --- 3. what answers "Mục X nói gì?" -------------------------------------------------------
def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _heading_lines(text: str, kind: str = "") -> int:
    """How many leading lines of a section's text are its heading: a heading-only first line
    ("2.1. Đến năm 2025"); the name of a bare "Chương V" on the next line; a heading in
    capitals wrapped onto the next lines ("III. GIẢI" / "PHÁP"); an appendix's lines in
    capitals ("PHỤ LỤC" / "NHIỆM VỤ VÀ GIẢI PHÁP"). 0 when the first line already says
    something ("5. Ban Tuyên giáo Tỉnh ủy chủ trì, ...")."""
    spans = lines(text)
    pieces = [text[s:e].strip() for s, e in spans]

    def title(i: int) -> bool:
        return i < len(pieces) and _is_caps(pieces[i]) and not is_structural(pieces[i])

    n = 0
    if kind in ("appendix", "attached"):
        while title(n):
            n += 1
        return n
    if not pieces or not is_heading_only(pieces[0]):
        return 0
    marker = match_heading(pieces[0])
    n = 2 if marker is not None and not marker.title and title(1) else 1  # "Chương V" / "ĐIỀU KHOẢN THI HÀNH"
    while _is_caps(pieces[n - 1]) and title(n) and text.count("\n", spans[n - 1][1], spans[n][0]) == 1:
        n += 1  # wrapped, not a new paragraph
    return n


def _unit(chunk: Chunk, start: int, end: int, units: UnitIndex) -> Unit:
    """The chunk's text[start:end] (offsets in the chunk, blanks trimmed) as an answer unit:
    the index's own unit when it has one for exactly that line."""
    raw = chunk.text[start:end]
    start, end = chunk.start + start + len(raw) - len(raw.lstrip()), chunk.start + end - len(raw) + len(raw.rstrip())
    same = next((u for u in units.by_chunk.get(chunk.chunk_id, ()) if u.start == start and u.end == end), None)
    if same is not None:
        return same
    piece = chunk.text[start - chunk.start : end - chunk.start]
    mark = LEADING_MARK.match(piece)
    return Unit(chunk.doc_id, chunk.section_id, start, end, piece, mark.end() if mark else 0,
                folded_tokens(piece, units.abbreviations), chunk=chunk)


def _first_line(section: Section, tree: SectionTree, by_section: dict[str, list[Chunk]], units: UnitIndex) -> Unit | None:
    """A child's heading (with its wrapped lines), or its first line when that says something."""
    own = by_section.get(section.id)
    if not own:  # its heading's chunk is unknown: the first line under it stands for it
        return next(filter(None, (_first_line(c, tree, by_section, units) for c in tree.children(section.id))), None)
    pieces = lines(own[0].text)
    n = max(1, _heading_lines(own[0].text, section.kind))
    return _unit(own[0], pieces[0][0], pieces[n - 1][1], units) if pieces else None


def section_units(section: Section, tree: SectionTree | ParsedDocument, units: UnitIndex,
                  chunks: Mapping[str, Chunk] | Iterable[Chunk] | None = None) -> tuple[Unit, ...]:
    """What answers "Mục X nói gì?": the section's own lines after its heading, then each
    child's heading (or first line), every child in document order, at most MAX_ITEMS units.
    Each is a whole line inside an indexed chunk of the section or a descendant (a line that
    a chunk boundary cuts is its part in that chunk). A heading alone in its chunk has no
    units, so that chunk is found in `chunks` (the index's, or the ParsedDocument's when it is
    passed as `tree`); without them the child's first indexed line stands in for it."""
    if chunks is None and isinstance(tree, ParsedDocument):
        chunks = tree.chunks
    tree = _tree(tree)
    if chunks is None:
        found = [us[0].chunk for us in units.by_chunk.values() if us and us[0].doc_id == tree.doc_id]
    else:
        found = [c for c in (chunks.values() if isinstance(chunks, Mapping) else chunks)
                 if c.doc_id == tree.doc_id and c.chunk_id in units.by_chunk]
    by_section: dict[str, list[Chunk]] = {}
    for c in sorted(found, key=lambda c: c.start):
        by_section.setdefault(c.section_id, []).append(c)
    items = []
    for n, chunk in enumerate(by_section.get(section.id, [])):
        skip = _heading_lines(chunk.text, section.kind) if n == 0 and section.kind not in _NO_ITEMS else 0
        items += [_unit(chunk, s, e, units) for s, e in lines(chunk.text)[skip:]]
    for child in tree.children(section.id):
        first = _first_line(child, tree, by_section, units)
        if first is not None and first not in items:
            items.append(first)
    return tuple(items[:MAX_ITEMS])


# --- 4. the section a summary or list question asks for ------------------------------------
def asks_summary(question: str) -> bool:
    """"Tóm tắt ...", "Liệt kê ...", "... gồm những ...", "những nhóm giải pháp nào": the
    question asks for every item of something."""
    folded = _fold(question)
    vocab = _vocabulary()
    return bool(vocab["verbs"].search(folded) or any(f.search(folded) for f in vocab["frames"]))


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _subject(question: str, names: Iterable[str]) -> tuple[str, ...]:
    """The question's content tokens without its summary frame, its fillers and the start of
    a document's name as it writes it ("Kế hoạch 310" of "Kế hoạch 310/KH-UBND", "Luật Dữ
    liệu"): "bảo vệ dữ liệu" asked of "Luật Dữ liệu" keeps its words, they are the subject."""
    vocab = _vocabulary()
    text, folded = _forms(question)
    found = [m.span() for m in vocab["verbs"].finditer(folded)] + [m.span() for m in vocab["fillers"].finditer(folded)]
    for m in (m for frame in vocab["frames"] for m in frame.finditer(folded)):
        found += [m.span(g) for g in range(1, (m.re.groups or 0) + 1, 2)]  # the frame's words, not the gap
    spans = [m.span() for m in re.finditer(r"\w+", folded)]
    words = [folded[a:b] for a, b in spans]
    for title in (re.findall(r"\w+", _fold(n)) for n in names):
        for i in range(len(words)):
            n = next((k for k in range(len(title) + 1) if i + k >= len(words) or k == len(title) or words[i + k] != title[k]), 0)
            if n >= min(2, len(title)) > 0:
                found.append((spans[i][0], spans[i + n - 1][1]))
    for start, end in found:
        text = _blank(text, start, end)
    return content_tokens(text)


@lru_cache(maxsize=1 << 15)  # per section of the loaded documents: a law has two thousand
def _heading_terms(section: Section, text: str | None) -> tuple[frozenset[str], frozenset[str]] | None:
    """The content tokens and years of a section's heading: its title or, with the document's
    text, its heading lines without the number ("III. GIẢI" / "PHÁP" -> "GIẢI PHÁP"). None
    when its first line is a paragraph ("5. Thực hiện biện pháp bảo vệ dữ liệu."): an item of
    a list, not the name of one."""
    heading = None
    if section.kind in _NO_ITEMS:
        return None
    if text is None:
        heading = None if section.title.rstrip().endswith((".", ";", "…")) else section.title
    elif n := _heading_lines(own := text[section.start : section.own_end], section.kind):
        spans = lines(own)
        heading = " ".join(own[spans[0][0] : spans[n - 1][1]].split())
        mark = LEADING_MARK.match(heading)
        heading = heading[mark.end() :] if mark else section.title
    return (frozenset(content_tokens(heading)), years(heading)) if heading else None


def _documents(trees, hits: list[Hit]) -> list[tuple[SectionTree, str | None, list[str]]]:
    """(tree, text, names) of the hits' documents, in the order of their best hit; a bare tree
    has no text, and its short title is the first step of its hits' breadcrumbs."""
    order = list(dict.fromkeys(h.chunk.doc_id for h in hits))
    found = {}
    for t in trees:
        tree = _tree(t)
        if isinstance(t, ParsedDocument):
            doc = t.document
            found[tree.doc_id] = (tree, doc.text, [n for n in (doc.short_title, doc.title, doc.meta.get("issuer")) if n])
        elif tree.doc_id in order:  # a breadcrumb one step longer than the path starts with the title
            crumbs = [(h.chunk.breadcrumb.split(" > "), tree.get(h.chunk.section_id)) for h in hits if h.chunk.doc_id == tree.doc_id]
            found[tree.doc_id] = (tree, None, [c[0] for c, s in crumbs if s and len(c) == len(s.path) + 2][:1])
    return [found[d] for d in order if d in found]


def summary_section(question: str, trees: Iterable[SectionTree | ParsedDocument], hits: list[Hit]) -> Section | None:
    """For a summary or list question ("Tóm tắt các chỉ tiêu đến năm 2025", "Liệt kê các nhiệm
    vụ chủ yếu"), the section whose heading its remaining words match best (IDF over the
    headings, accent-folded): most of the heading's words in the question and a fair share of
    the question's in the heading or its ancestors'; from the first document of the hits that
    has such a heading. A year the question names rules out headings of other years and
    prefers the one that names it. None when it is no such question or no heading matches
    well. ParsedDocuments rather than bare trees also let headings wrapped onto two lines and
    the documents' titles and issuers count."""
    if not hits or not asks_summary(question):
        return None
    docs = _documents(trees, hits)
    names = [n for _, _, ns in docs for n in ns]
    candidates = []
    for rank, (tree, text, _) in enumerate(docs):
        for s in tree:
            terms = _heading_terms(s, text)
            if terms:
                candidates.append((rank, s, tree, *terms))
    heads = {(id(t), s.id): h for _, s, t, h, _ in candidates}
    df: dict[str, int] = {}
    for t in (t for c in candidates for t in c[3]):
        df[t] = df.get(t, 0) + 1

    def weight(token: str) -> float:
        return math.log(1 + len(candidates) / (1 + df.get(token, 0))) * (BIGRAM_WEIGHT if "_" in token else 1.0)

    # Words of a document's names that no heading uses name the document, not a section
    # ("Đồng Tháp", "đổi mới công nghệ" of a title); "dữ liệu" of "Luật Dữ liệu" stays.
    named = frozenset(t for n in names for t in folded_tokens(n))
    asked = tuple(t for t in _subject(question, names) if t not in named or t in df)
    if not asked:
        return None
    asked_years, total = years(question), sum(weight(t) for t in asked)
    time_words = _vocabulary()["horizon"]
    scored = []
    for rank, s, tree, heading, horizon in candidates:
        if asked_years and horizon and not horizon & asked_years:
            continue  # a heading of another horizon
        ancestors = frozenset(t for a in s.path for t in heads.get((id(tree), a), ()))
        if horizon & asked_years:  # "Định hướng đến năm 2030" asked as "đến năm 2030": its time words agree
            heading = frozenset(t for t in heading if t in asked or not set(t.split("_")) <= time_words | asked_years)
        precision = sum(weight(t) for t in heading if t in asked) / sum(weight(t) for t in heading)
        recall = sum(weight(t) * (1.0 if t in heading else _ANCESTOR_WEIGHT if t in ancestors else 0.0)
                     for t in asked) / total
        if precision >= MIN_PRECISION and recall >= MIN_RECALL:
            scored.append((bool(asked_years & horizon), 2 * precision * recall / (precision + recall), -rank, -s.start, s))
    if scored:  # the best-ranked document that has a match: one document's section, never a mix
        scored = [x for x in scored if x[2] == max(y[2] for y in scored)]
    if any(x[0] for x in scored):  # the question's horizon named in the heading
        scored = [x for x in scored if x[0]]
    return max(scored, key=lambda x: x[1:4])[4] if scored else None
