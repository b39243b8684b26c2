"""The dataclasses that flow between stages (docs/DESIGN.md, "Data flow"):

    Document -> SectionTree(Section) -> Chunk -> ParsedDocument      (ingest)
    Span (a line, sentence or clause of a document)                  (text, answer, analytics, drafting)
    Hit                                                             (retrieval)
    Citation, Answer                                                (answer, verify, app)

Plain data with no heavy imports: importing this module loads nothing but the standard
library.
"""

from __future__ import annotations

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

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "refused": self.refused,
            "citations": [c.as_dict() for c in self.citations],
            "reason": self.reason,
            "backend": self.backend,
            "question": self.question,
            "timings": self.timings,
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

    @property
    def context_text(self) -> str:
        """What embedding models see: the section path, then the text."""
        return f"{self.breadcrumb}\n{self.text}"


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

    def as_dict(self) -> dict:
        c = self.chunk
        return {"doc_id": c.doc_id, "section_id": c.section_id, "breadcrumb": c.breadcrumb,
                "score": round(self.score, 6), "text": c.text}

