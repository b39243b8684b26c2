"""What an answer is: text, the citations that back it, or an honest decline."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
