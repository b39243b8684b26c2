"""What a drafted material is, and how it is checked: blocks of text with footnote numbers, the
footnotes (doc, section, exact quote), and verification that no figure, date or name appears
without a footnoted quote that states it.

    draft = Assistant().draft("de-cuong", "phát triển nhà ở đô thị")
    print(draft.text)        # "ĐỀ CƯƠNG TUYÊN TRUYỀN ... - Diện tích sàn nhà ở ... 28 m² [4]. ..."
    draft.footnotes[0]       # Footnote(n=1, doc_id=..., section_id="preamble", quote="Thực hiện ...")
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.model import display_title
from assistant.text.bodies import find_bodies
from assistant.text.normalize import years
from assistant.text.spans import strip_mark
from assistant.verify.claims import MARKER, claim_key, claims, strip_markers, supported

KINDS = ("de-cuong", "hoi-dap", "tin-bai", "talking-points")
# Accepted spellings of a length -> the key used in prompts/drafts.yaml.
LENGTHS = {"ngắn": "ngắn", "ngan": "ngắn", "short": "ngắn", "vừa": "vừa", "vua": "vừa", "medium": "vừa",
           "trung bình": "vừa", "dài": "dài", "dai": "dài", "long": "dài"}
# Blocks that frame the draft (title, headings); they are checked against every footnote.
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
    numbered talking point), question, answer, label."""

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


def with_note(text: str, n: int) -> str:
    """'... trên 26%.' -> '... trên 26% [3].' (the marker goes before the closing stop)."""
    body = text.rstrip()
    end = body[-1] if body and body[-1] in ".?!:;" else ""
    return f"{body[: len(body) - len(end)].rstrip()} [{n}]{end}"


@dataclass(frozen=True)
class Draft:
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


def evidence_of(footnotes, extra: tuple[str, ...] = ()) -> str:
    return claim_key(" | ".join([f.quote for f in footnotes] + [f.label for f in footnotes] + list(extra)))


def verify_draft(draft: Draft, doc_titles: dict[str, str]) -> list[str]:
    """Problems found; empty means every figure, date, document number and name of the draft
    is in a footnoted quote. A block is checked against its own footnotes (a question against
    its answer's). Headings and the title frame the content: their names may come from any
    footnote, their figures only from section headings and document titles ("Đến năm 2025"),
    so a heading can never state a target. The user's topic is never evidence."""
    if draft.refused:
        return []  # a decline states nothing about the documents but their names
    by_n = {f.n: f for f in draft.footnotes}
    titles = tuple(doc_titles.values())
    everything = evidence_of(draft.footnotes, titles + tuple(f.heading for f in draft.footnotes))
    headings = claim_key(" | ".join(titles + tuple(f.label for f in draft.footnotes) + tuple(f.heading for f in draft.footnotes)))
    problems: list[str] = []
    for i, block in enumerate(draft.blocks):
        if block.kind == REQUEST_KIND:
            continue
        notes = block.notes
        if block.kind == "question" and i + 1 < len(draft.blocks):
            notes = draft.blocks[i + 1].notes  # a question is backed by its answer's footnotes
        unknown = [n for n in notes if n not in by_n]
        if unknown:
            problems.append(f"footnote {unknown} does not exist")
            continue
        cited = [by_n[n] for n in notes]
        framing = block.kind in FRAME_KINDS
        text = display_title(strip_mark(block.plain)) if framing else strip_mark(block.plain)
        for claim in claims(text):
            evidence = (headings if claim[:1].isdigit() else everything) if framing else evidence_of(cited, titles)
            if not supported(claim, evidence):
                problems.append(f"'{claim}' in “{block.text[:60]}” is not in its footnoted quotes")
        if not framing:
            problems += _misplaced_years(block, text, cited)
    return problems


def _misplaced_years(block: Block, text: str, cited: list[Footnote]) -> list[str]:
    """A figure said of a year must come from a footnote of that year: the 2025 target stated
    as the 2030 one is a true number and still a false claim."""
    stated = years(text)
    if not stated:
        return []
    out = []
    for claim in claims(text):
        if not claim[:1].isdigit() or claim.strip() in stated:
            continue
        holders = [f for f in cited if supported(claim, claim_key(f.quote))]
        if holders and not any(not years(f.label + f.quote) or years(f.label + f.quote) & stated for f in holders):
            out.append(f"'{claim}' is stated for {', '.join(sorted(stated))} but its footnote is about another year")
    return out


def lower_first(text: str) -> str:
    """Continue a sentence with a quote: 'Tỷ lệ đô thị hóa ...' -> 'tỷ lệ đô thị hóa ...', but
    names, bodies and acronyms keep their capitals ('Thành phố Điện Biên Phủ', 'Đảng đoàn
    HĐND tỉnh', 'UBND tỉnh')."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    if first.isupper() and len(first) > 1:
        return text
    if any(w[:1].isupper() for w in words[1:3]):
        return text
    mention = next(iter(find_bodies(text[:80])), None)
    if mention is not None and mention.start == 0 and first.lower() not in ("các", "những"):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
