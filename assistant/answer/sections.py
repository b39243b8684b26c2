"""What answers a question about a whole section: its lines and every child in order
("Mục X nói gì?"), and the section a summary or list question asks for ("Liệt kê các nhiệm vụ
chủ yếu"). Pure functions over a document's section tree and the answer units of its indexed
chunks (text/units.py), so that the answer step can quote a section instead of the one sentence
that shares most words with the question. The sections a question names by id are found by
answer/section_refs.py.

    section_units(section, parsed, units)     # its own lines, then each child's heading, in order
    summary_section("Liệt kê các nhiệm vụ chủ yếu của kế hoạch.", corpus, hits)   # Section III or None
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from assistant.model import Chunk, Hit, ParsedDocument, Section, SectionTree
from assistant.text.bodies import body_of_other_levels, levels_named
from assistant.text.markers import is_structural, match_heading
from assistant.text.normalize import years
from assistant.text.spans import LEADING_MARK, is_heading_only, lines
from assistant.text.tokens import content_tokens, folded_tokens, replace_abbreviations
from assistant.text.units import BIGRAM_WEIGHT, Unit, UnitIndex
from assistant.answer.section_refs import NO_ITEMS, as_tree, fold, forms, section_refs, vocabulary

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
    by_section = _by_section(tree, units, chunks)
    tree = as_tree(tree)
    items = []
    for n, chunk in enumerate(by_section.get(section.id, [])):
        skip = _heading_lines(chunk.text, section.kind) if n == 0 and section.kind not in NO_ITEMS else 0
        items += [_unit(chunk, s, e, units) for s, e in lines(chunk.text)[skip:]]
    for child in tree.children(section.id):
        first = _first_line(child, tree, by_section, units)
        if first is not None and first not in items:
            items.append(first)
    return tuple(items[:MAX_ITEMS])


def _by_section(tree: SectionTree | ParsedDocument, units: UnitIndex,
                chunks: Mapping[str, Chunk] | Iterable[Chunk] | None) -> dict[str, list[Chunk]]:
    """The document's indexed chunks by section, in text order."""
    if chunks is None and isinstance(tree, ParsedDocument):
        chunks = tree.chunks
    tree = as_tree(tree)
    if chunks is None:
        found = [us[0].chunk for us in units.by_chunk.values() if us and us[0].doc_id == tree.doc_id]
    else:
        found = [c for c in (chunks.values() if isinstance(chunks, Mapping) else chunks)
                 if c.doc_id == tree.doc_id and c.chunk_id in units.by_chunk]
    by_section: dict[str, list[Chunk]] = {}
    for c in sorted(found, key=lambda c: c.start):
        by_section.setdefault(c.section_id, []).append(c)
    return by_section


def heading_units(sections: Iterable[Section], tree: SectionTree | ParsedDocument, units: UnitIndex,
                  chunks: Mapping[str, Chunk] | Iterable[Chunk] | None = None) -> tuple[Unit, ...]:
    """Each section's heading (or first line) as an answer unit, in the order given."""
    by_section = _by_section(tree, units, chunks)
    found = (_first_line(s, as_tree(tree), by_section, units) for s in sections)
    return tuple(u for u in found if u is not None)


def counted_parts(question: str, tree: SectionTree | ParsedDocument) -> tuple[str, list[Section]] | None:
    """("phần", the parts) for "Kế hoạch có mấy phần?", ("chương", the chapters) for "Luật có
    bao nhiêu chương?": a count of the document's own divisions (sections.yaml, count_levels);
    None for other questions and for a level the document does not have."""
    from assistant.answer.scope import document_kind_words

    vocab = vocabulary()
    text, folded = forms(question)
    m = vocab["count_level"].search(folded)
    # The document itself is counted ("Kế hoạch có mấy phần?"): its kind is named, the count ends
    # the question ("... mấy phần và mục tiêu là gì?" asks more) and no section is named
    # ("Chương II có bao nhiêu điều?" counts inside one).
    if m is None or section_refs(_blank(text, *m.span("level"))) or not any(
            re.search(rf"(?<!\w){re.escape(k)}(?!\w)", folded) for k in document_kind_words() if len(k) > 2):
        return None
    word, level = vocab["count_levels"][" ".join(m.group("level").split())]
    tree = as_tree(tree)
    if level == "top":
        parts = [s for s in tree.children(None) if s.kind not in NO_ITEMS and s.kind != "appendix"]
        # a law's parts are its chapters, and are called so
        word = next((w for w, lv in vocab["count_levels"].values() if parts and lv == parts[0].kind
                     and all(s.kind == lv for s in parts)), word)
    else:
        parts = [s for s in tree if s.kind == level]
    return (word, parts) if parts else None


# --- 4. the section a summary or list question asks for ------------------------------------
def asks_summary(question: str) -> bool:
    """"Tóm tắt ...", "Liệt kê ...", "... gồm những ...", "những nhóm giải pháp nào": the
    question asks for every item of something."""
    folded = fold(question)
    vocab = vocabulary()
    return bool(vocab["verbs"].search(folded) or any(f.search(folded) for f in vocab["frames"]))


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _subject(question: str, names: Iterable[str]) -> tuple[str, ...]:
    """The question's content tokens without its summary frame, its fillers and the start of
    a document's name as it writes it ("Kế hoạch 310" of "Kế hoạch 310/KH-UBND", "Luật Dữ
    liệu"): "bảo vệ dữ liệu" asked of "Luật Dữ liệu" keeps its words, they are the subject."""
    vocab = vocabulary()
    text, folded = forms(question)
    found = [m.span() for m in vocab["verbs"].finditer(folded)] + [m.span() for m in vocab["fillers"].finditer(folded)]
    for m in (m for frame in vocab["frames"] for m in frame.finditer(folded)):
        found += [m.span(g) for g in range(1, (m.re.groups or 0) + 1, 2)]  # the frame's words, not the gap
    spans = [m.span() for m in re.finditer(r"\w+", folded)]
    words = [folded[a:b] for a, b in spans]
    for title in (re.findall(r"\w+", fold(n)) for n in names):
        for i in range(len(words)):
            n = next((k for k in range(len(title) + 1) if i + k >= len(words) or k == len(title) or words[i + k] != title[k]), 0)
            if n >= min(2, len(title)) > 0:
                found.append((spans[i][0], spans[i + n - 1][1]))
    for start, end in found:
        text = _blank(text, start, end)
    return content_tokens(text)


@lru_cache(maxsize=1 << 15)  # per section of the loaded documents: a law has two thousand
def _heading_terms(section: Section, text: str | None,
                   abbreviations: tuple[tuple[str, str], ...] = ()) -> tuple[frozenset[str], frozenset[str]] | None:
    """The content tokens and years of a section's heading: its title or, with the document's
    text, its heading lines without the number ("III. GIẢI" / "PHÁP" -> "GIẢI PHÁP"). None
    when its first line is a paragraph ("5. Thực hiện biện pháp bảo vệ dữ liệu."): an item of
    a list, not the name of one."""
    heading = None
    if section.kind in NO_ITEMS:
        return None
    if text is None:
        heading = None if section.title.rstrip().endswith((".", ";", "…")) else section.title
    elif n := _heading_lines(own := text[section.start : section.own_end], section.kind):
        spans = lines(own)
        heading = " ".join(own[spans[0][0] : spans[n - 1][1]].split())
        mark = LEADING_MARK.match(heading)
        heading = heading[mark.end() :] if mark else section.title
    return (frozenset(content_tokens(heading, dict(abbreviations))), years(heading)) if heading else None


def _documents(trees, hits: list[Hit]) -> list[tuple[SectionTree, str | None, list[str]]]:
    """(tree, text, names) of the hits' documents, in the order of their best hit; a bare tree
    has no text, and its short title is the first step of its hits' breadcrumbs."""
    order = list(dict.fromkeys(h.chunk.doc_id for h in hits))
    found = {}
    for t in trees:
        tree = as_tree(t)
        if isinstance(t, ParsedDocument):
            doc = t.document
            found[tree.doc_id] = (tree, doc.text, [n for n in (doc.short_title, doc.title, doc.meta.get("issuer")) if n])
        elif tree.doc_id in order:  # a breadcrumb one step longer than the path starts with the title
            crumbs = [(h.chunk.breadcrumb.split(" > "), tree.get(h.chunk.section_id)) for h in hits if h.chunk.doc_id == tree.doc_id]
            found[tree.doc_id] = (tree, None, [c[0] for c, s in crumbs if s and len(c) == len(s.path) + 2][:1])
    return [found[d] for d in order if d in found]


def summary_section(question: str, trees: Iterable[SectionTree | ParsedDocument], hits: list[Hit],
                    abbreviations: dict[str, str] | None = None, framed: bool = True) -> Section | None:
    """For a summary or list question ("Tóm tắt các chỉ tiêu đến năm 2025", "Liệt kê các nhiệm
    vụ chủ yếu"), the section whose heading its remaining words match best (IDF over the
    headings, accent-folded): most of the heading's words in the question and a fair share of
    the question's in the heading or its ancestors'; from the first document of the hits that
    has such a heading. A year the question names rules out headings of other years and
    prefers the one that names it. None when it is no such question or no heading matches
    well. ParsedDocuments rather than bare trees also let headings wrapped onto two lines and
    the documents' titles and issuers count. `abbreviations` are written out in the question
    and the headings alike. `framed=False`: the question need not ask for a list (a part of a
    comparison names its section by heading only)."""
    question = replace_abbreviations(question, abbreviations or {})
    if not hits or (framed and not asks_summary(question)):
        return None
    docs = _documents(trees, hits)
    names = [n for _, _, ns in docs for n in ns]
    candidates = []
    # Both sides written out: "giao BQL các KCN ..." names the heading "Ban Quản lý các khu công nghiệp".
    short = tuple(sorted((abbreviations or {}).items()))
    for rank, (tree, text, _) in enumerate(docs):
        for s in tree:
            terms = _heading_terms(s, text, short)
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
    asked_levels = levels_named(question)
    time_words = vocabulary()["horizon"]
    scored = []
    for rank, s, tree, heading, horizon in candidates:
        if asked_years and horizon and not horizon & asked_years:
            continue  # a heading of another horizon
        if body_of_other_levels(s.title, asked_levels):
            continue  # "UBND tỉnh" asked: not "9. Ủy ban nhân dân xã, phường"
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


def compared_sections(question: str, trees: Iterable[SectionTree | ParsedDocument], hits: list[Hit],
                      abbreviations: dict[str, str] | None = None) -> tuple[Section, Section] | None:
    """For a comparison of two parts of one document named by their headings ("Phần nhiệm vụ
    chủ yếu và phần giải pháp chủ yếu khác nhau ra sao?"), the two sections; None otherwise. A
    comparison of years ("mục tiêu 2030 khác 2025 ở chỗ nào?") is answered figure by figure
    elsewhere, never here."""
    vocab = vocabulary()
    text, folded = forms(question)
    asks = list(vocab["compare"].finditer(folded))
    if not asks or len(years(question)) >= 2:
        return None
    for m in asks:
        text, folded = _blank(text, *m.span()), _blank(folded, *m.span())
    trees = list(trees)
    # The join may be inside a heading ("Sở Khoa học và Công nghệ với Sở Tài chính"): the first
    # cut whose two sides both name a heading.
    for join in vocab["joins"].finditer(folded):
        found = [summary_section(p, trees, hits, abbreviations, framed=False)
                 for p in (text[: join.start()], text[join.end():])]
        if None not in found and found[0] is not found[1]:
            break
    else:
        return None
    owner = [next((as_tree(t) for t in trees if as_tree(t).get(s.id) is s), None) for s in found]
    if owner[0] is None or owner[0] is not owner[1]:
        return None  # two documents' parts are never set side by side as one's
    a, b = found
    if owner[0].is_within(a.id, b.id) or owner[0].is_within(b.id, a.id):
        return None  # a part and the whole it belongs to: no two parts named
    return a, b


def heading_names(title: str, items: str) -> bool:
    """Whether a section's heading names what a count question counts ("Giải pháp chủ yếu" for
    "nhóm giải pháp"): one of its content words other than a grouping word."""
    asked = {t for t in content_tokens(items) if "_" not in t} - _GROUPING_WORDS
    return bool(asked & folded_tokens(title))


# "nhóm" groups what is counted; a heading need not repeat it.
_GROUPING_WORDS = frozenset({"nhom", "cac", "nhung"})
