"""The dataclasses that flow between stages (docs/DESIGN.md, "Data flow"):

    Document -> SectionTree(Section) -> Chunk -> ParsedDocument      (ingest)
    Span (a line, sentence or clause of a document)                  (text, answer, analytics, drafting)
    Hit                                                             (retrieval)
    Citation, Answer                                                (answer, verify, app)
    Footnote, Block, Draft                                          (drafting, verify, export)

Plain data with no heavy imports: importing this module loads nothing but the standard
library.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field

PREAMBLE = "preamble"
CLOSING_ID = "closing"


@dataclass(frozen=True)
class Emphasis:
    """A span of the cleaned text that the source marked as *italic* or **bold**."""

    start: int
    end: int
    kind: str  # "italic" | "bold"


def display_title(title: str) -> str:
    """All-caps headings read as sentence case: 'MỤC TIÊU' -> 'Mục tiêu'."""
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        lowered = title.lower()
        return lowered[:1].upper() + lowered[1:]
    return title


def page_at(page_starts: tuple[int, ...], offset: int) -> int | None:
    """1-based page number holding a character offset, or None for unpaged text."""
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))


@dataclass(frozen=True)
class Citation:
    doc_id: str
    section_id: str
    title: str  # the section heading, e.g. "2.1. Đến năm 2025"
    quote: str  # exact text of the document (original spelling), what the user sees quoted
    start: int  # character span of the quote in the document's text
    end: int
    label: str = ""  # "Kế hoạch 06 Điện Biên — Mục II.2.1 (Đến năm 2025)"
    page: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...] = ()
    refused: bool = False
    reason: str = ""  # why it declined, or why a generative answer was replaced
    backend: str = "extractive"
    question: str = ""  # the standalone question actually answered (after follow-up rewriting)
    timings: dict = field(default_factory=dict)
    # DESIGN.md's three outcomes: "answer", "related" (closest passages, cited, no claim) or
    # "decline"; `refused` is true for the last two.
    outcome: str = "answer"
    # How sure the answer step was that the evidence answers, and the signals it weighed.
    confidence: float | None = None
    signals: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "outcome": self.outcome,
            "refused": self.refused,
            "citations": [c.as_dict() for c in self.citations],
            "reason": self.reason,
            "backend": self.backend,
            "question": self.question,
            "timings": self.timings,
            "confidence": self.confidence,
            "signals": self.signals,
        }


@dataclass(frozen=True)
class Document:
    """A loaded document: cleaned text (what quotes show) plus what the manifest says of it."""

    doc_id: str
    title: str
    short_title: str
    text: str
    source: str
    format: str
    emphasis: tuple[Emphasis, ...] = ()
    page_starts: tuple[int, ...] = ()
    meta: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int | None:
        return page_at(self.page_starts, offset)

    def emphasised(self, start: int, end: int) -> tuple[str, ...]:
        """Emphasised phrases inside [start, end) - e.g. the italic deadline of a task."""
        return tuple(self.text[e.start : e.end] for e in self.emphasis if start <= e.start and e.end <= end)


@dataclass(frozen=True)
class Section:
    """One node of the tree. `start`..`end` spans the section with its descendants;
    `start`..`own_end` is its own text (heading and body before the first child)."""

    id: str
    title: str
    label: str
    kind: str
    parent: str | None
    path: tuple[str, ...]
    start: int
    own_end: int
    end: int
    number: int = 0

    @property
    def chars(self) -> int:
        return self.end - self.start

    @property
    def heading(self) -> str:
        """'2.1. Đến năm 2025', 'II. Mục tiêu', 'Phần mở đầu'."""
        title = display_title(self.title)
        if self.kind in (PREAMBLE, CLOSING_ID):
            return title
        return f"{self.label} {title}".strip()


@dataclass
class SectionTree:
    doc_id: str
    text_length: int
    sections: list[Section] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {s.id: s for s in self.sections}

    def __iter__(self):
        return iter(self.sections)

    def __len__(self) -> int:
        return len(self.sections)

    def ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def get(self, section_id: str) -> Section | None:
        return self._by_id.get(section_id)

    def children(self, section_id: str | None) -> list[Section]:
        return [s for s in self.sections if s.parent == section_id]

    def is_within(self, section_id: str, ancestor_id: str) -> bool:
        """True when section_id is ancestor_id or one of its descendants (never a sibling)."""
        section = self.get(section_id)
        return section is not None and (section_id == ancestor_id or ancestor_id in section.path)

    def breadcrumb(self, section_id: str, doc_title: str = "") -> str:
        """'Kế hoạch 06 Điện Biên > II. Mục tiêu > 2. ... > 2.1. Đến năm 2025'."""
        section = self._by_id[section_id]
        parts = [self._by_id[a].heading for a in section.path] + [section.heading]
        return " > ".join(([doc_title] if doc_title else []) + parts)

    def section_at(self, offset: int) -> Section | None:
        """The deepest section whose own text holds the offset."""
        for s in self.sections:
            if s.start <= offset < s.own_end:
                return s
        return None


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    section_id: str
    section_title: str
    breadcrumb: str
    text: str  # the original text, exactly doc.text[start:end]: what a citation quotes
    search_text: str  # breadcrumb + text in search form (one tone convention, lower case)
    start: int
    end: int
    ordinal: int
    page_start: int | None = None
    page_end: int | None = None
    emphasis: tuple[str, ...] = ()
    content_hash: str = ""
    # Table rows rendered with their column headers ("Chỉ tiêu: ... | Đơn vị: % GDP | ..."): what
    # the rows mean, for search; `text` keeps the rows as printed, for quotes.
    context: str = ""

    @property
    def context_text(self) -> str:
        """What search models see: the section path, then the text (table rows with their headers)."""
        return f"{self.breadcrumb}\n{self.context or self.text}"


@dataclass(frozen=True)
class Span:
    """A quotable piece of a document: a line (paragraph or bullet), a sentence or a ';' clause.

    `text` is exactly the document's text[start:end]; `mark` is the length of the bullet or
    number mark that opens it ("- ", "2.1. "), so `body` is what goes inside quotation marks.
    Spans are made by the one splitter (text/spans.py), which also fills `tokens` (the
    accent-folded syllable uni+bigrams, text/tokens.py) where a stage matches spans by words.
    A stage that needs more (the chunk of an answer unit, the score of a draft passage)
    subclasses Span and builds its spans with `of`.
    """

    doc_id: str
    section_id: str
    start: int
    end: int
    text: str
    mark: int = 0
    tokens: frozenset[str] = frozenset()

    @property
    def body(self) -> str:
        return self.text[self.mark :]

    @classmethod
    def of(cls, span: "Span", **extra):
        """This kind of span over the same text as `span`, with the stage's own fields."""
        return cls(span.doc_id, span.section_id, span.start, span.end, span.text, span.mark, span.tokens, **extra)


@dataclass(frozen=True)
class ParsedDocument:
    document: Document
    tree: SectionTree
    chunks: tuple[Chunk, ...]

    @property
    def doc_id(self) -> str:
        return self.document.doc_id


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # 1-based rank in each list that found it
    # Raw score in each list that found it ("lexical": BM25, "dense": cosine), on the same grid
    # as the ranking: the answer step weighs how strong the evidence is, not only its order.
    signals: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        c = self.chunk
        return {"doc_id": c.doc_id, "section_id": c.section_id, "breadcrumb": c.breadcrumb,
                "score": round(self.score, 6), "text": c.text}


# What answers and drafts write: a footnote or citation marker "[3]" after what it backs.
MARKER = re.compile(r"\[(\d{1,3})\]")
_MARKER_WITH_SPACE = re.compile(r"\s*\[\d{1,3}\]")


def strip_markers(text: str) -> str:
    """'... trên 26% [3].' -> '... trên 26%.'"""
    return _MARKER_WITH_SPACE.sub("", text)


# Blocks that frame a draft (title, headings); verification checks them against every footnote.
FRAME_KINDS = ("title", "subtitle", "heading", "subheading")
# The user's own request echoed back ("Chủ đề: ...", "Đối tượng: ..."): shown as such, never
# evidence for anything and never checked as a claim of the documents.
REQUEST_KIND = "request"


@dataclass(frozen=True)
class Footnote:
    n: int
    doc_id: str
    section_id: str
    label: str  # "Kế hoạch 06 Điện Biên — Mục II.2.1 (Đến năm 2025)"
    quote: str  # exact text of the document
    start: int = 0
    end: int = 0
    page: int | None = None
    heading: str = ""  # the cited section's heading as written

    def as_dict(self) -> dict:
        return {"n": self.n, "doc_id": self.doc_id, "section_id": self.section_id, "label": self.label,
                "quote": self.quote, "page": self.page}


@dataclass(frozen=True)
class Block:
    """One paragraph of a draft, its footnote markers inline ("... trên 26% [3]; ... [4].").
    kind: title, subtitle, heading (I.), subheading (1.), paragraph, bullet (-), point (a
    numbered talking point), question, answer, label, request."""

    kind: str
    text: str
    label: str = ""  # shown before the text and never checked: "Câu 2.", "Trả lời:", "3."

    @property
    def shown(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text

    @property
    def notes(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(int(n) for n in MARKER.findall(self.text)))

    @property
    def plain(self) -> str:
        """The text without markers, as checked by verification."""
        return strip_markers(self.text)


@dataclass(frozen=True)
class Draft:
    """A drafted material: blocks with footnote markers, and the footnotes they cite.

        draft = Assistant().draft("de-cuong", "phát triển nhà ở đô thị")
        print(draft.text)        # "ĐỀ CƯƠNG TUYÊN TRUYỀN ... - Diện tích sàn nhà ở ... 28 m² [4]. ..."
        draft.footnotes[0]       # Footnote(n=1, doc_id=..., section_id="preamble", quote="Thực hiện ...")
    """

    kind: str
    topic: str
    title: str
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]
    audience: str = ""
    length: str = "vừa"
    backend: str = "extractive"
    refused: bool = False
    reason: str = ""  # why it was declined, or why a generative draft was replaced
    footnotes_heading: str = "Chú thích nguồn"
    timings: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Plain text with [n] markers, the footnote list closing it."""
        lines: list[str] = []
        for b in self.blocks:
            if b.kind in ("heading", "title") and lines:
                lines.append("")
            lines.append(("- " if b.kind == "bullet" else "") + b.shown)
        if self.footnotes:
            lines += ["", f"{self.footnotes_heading}:"]
            lines += [f"[{f.n}] {f.label}: “{f.quote}”" for f in self.footnotes]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "topic": self.topic, "audience": self.audience, "length": self.length,
            "title": self.title, "text": self.text, "refused": self.refused, "backend": self.backend,
            "reason": self.reason, "blocks": [{"kind": b.kind, "label": b.label, "text": b.text} for b in self.blocks],
            "footnotes": [f.as_dict() for f in self.footnotes], "timings": self.timings,
        }
