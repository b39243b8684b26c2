"""Drafting a material on a topic: select the documents' sentences, compose the kind asked for,
verify it; a generative backend rewrites the draft from the same footnoted quotes and is
verified block by block, with one repair round, else the extractive draft is used.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace

import yaml

from assistant.drafting.compose import Composer, compose_draft
from assistant.drafting.draft import KINDS, LENGTHS, Block, Draft, verify_draft
from assistant.drafting.select import select
from assistant.errors import AssistantError
from assistant.resources import load_prompt
from assistant.text.normalize import is_year, nfc
from assistant.verify.claims import DECLINE_MARK, MARKER, claims

log = logging.getLogger(__name__)

MAX_TOPIC_CHARS = 300
MAX_AUDIENCE_CHARS = 120
_HEADING = re.compile(r"^(?P<label>[IVX]{1,5})[.\-–]\s+(?P<text>.+)$")
_NUMBERED = re.compile(r"^(?P<label>\d{1,2})[.)]\s+(?P<text>.+)$")
_BULLET = re.compile(r"^[-•*+]\s+(?P<text>.+)$")
_QUESTION = re.compile(r"^(?:\*\*)?(?:Hỏi|Câu hỏi(?: \d+)?|Câu \d+)\s*[:.](?:\*\*)?\s*(?P<text>.+)$", re.IGNORECASE)
_ANSWER = re.compile(r"^(?:\*\*)?(?:Đáp|Trả lời)\s*[:.](?:\*\*)?\s*(?P<text>.+)$", re.IGNORECASE)


class DraftError(AssistantError):
    """A draft request that cannot be served as asked (unknown kind, empty topic...)."""

    exit_code = 2
    code = "draft_request_invalid"


def check_request(kind: str, topic: str, audience: str | None, length: str | None) -> tuple[str, str, str, str]:
    if kind not in KINDS:
        raise DraftError(f"unknown draft kind '{kind}'; use one of {', '.join(KINDS)}.", code="draft_kind_unknown")
    topic = " ".join(nfc(topic or "").split())
    if not topic:
        raise DraftError("the topic is empty; say what the material is about, e.g. --topic 'phát triển nhà ở đô thị'.", code="topic_empty")
    if len(topic) > MAX_TOPIC_CHARS:
        raise DraftError(f"the topic has {len(topic)} characters; keep it under {MAX_TOPIC_CHARS}.", code="topic_too_long")
    audience = " ".join(nfc(audience or "").split())
    if len(audience) > MAX_AUDIENCE_CHARS:
        raise DraftError(f"the audience has {len(audience)} characters; keep it under {MAX_AUDIENCE_CHARS}.", code="audience_too_long")
    key = LENGTHS.get(nfc(length or "vừa").strip().lower())
    if key is None:
        raise DraftError(f"unknown length '{length}'; use ngắn, vừa or dài.", code="length_unknown")
    return kind, topic, audience, key


class Drafter:
    def __init__(self, assistant):
        self.assistant = assistant
        self.settings = assistant.settings

    def frames(self) -> dict:
        return yaml.safe_load(load_prompt(self.settings.prompts_dir, "drafts.yaml"))

    def draft(self, kind: str, topic: str, audience: str | None = None, length: str | None = None,
              backend: str | None = None) -> Draft:
        started = time.perf_counter()
        kind, topic, audience, length = check_request(kind, topic, audience, length)
        backend = backend or self.settings.backend
        engine = self.assistant.engine()
        engine.check_backend(backend)
        frames = self.frames()
        index = self.assistant.index
        hits = self.assistant.search(topic, k=self.settings.draft_k)
        selection = select(topic, self.assistant.corpus(), index.chunks, engine.unit_index(), hits,
                           self.settings.draft_min_coverage, self.settings.draft_max_quote_chars)
        if not selection.overview and not selection.relevant:
            return self._declined(kind, topic, audience, length, backend, "no sentence of the documents covers the topic")
        composer = Composer(kind, selection, frames, length, audience, self.assistant.targets(),
                            self.assistant.responsibilities(), self.assistant.timeline(), self.settings.draft_min_coverage)
        draft = compose_draft(composer)
        if not draft.footnotes:  # the topic matched, but nothing of this kind can be said about it
            return self._declined(kind, topic, audience, length, backend, f"nothing to put in a {kind} on this topic")
        problems = verify_draft(draft, self._titles())
        if problems:  # the documents' own sentences should always verify: never show it if not
            log.error("extractive draft failed verification: %s", problems)
            return self._declined(kind, topic, audience, length, backend, "; ".join(problems))
        if backend != "extractive":
            draft = self._generative(draft, frames, backend)
        return replace(draft, timings={"total_ms": round((time.perf_counter() - started) * 1000, 1)})

    def _titles(self) -> dict[str, str]:
        return {p.doc_id: p.document.title for p in self.assistant.corpus()}

    def _declined(self, kind, topic, audience, length, backend, reason) -> Draft:
        text = self.assistant.engine().decline(reason).text
        return Draft(kind, topic, "", (Block("paragraph", text),), (), audience, length, backend, True, reason)

    # --- generative ------------------------------------------------------------------------
    def _generative(self, base: Draft, frames: dict, backend: str) -> Draft:
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        prompts = self.settings.prompts_dir
        messages = [("system", load_prompt(prompts, "draft.system.md")), ("human", load_prompt(prompts, "draft.user.md"))]
        inputs = {
            "evidence": "\n".join(f"[{f.n}] ({f.label}) {f.quote}" for f in base.footnotes),
            "instructions": frames["llm_instructions"][base.kind], "topic": base.topic,
            "audience": base.audience or "cán bộ, đảng viên và Nhân dân", "length": base.length,
        }
        model = self.assistant.engine().model(backend)
        try:
            raw = (ChatPromptTemplate.from_messages(messages) | model | StrOutputParser()).invoke(inputs)
            draft, problems = self._checked(raw, base, backend)
            if problems:
                repair = messages + [("ai", "{previous}"), ("human", load_prompt(prompts, "draft.repair.md"))]
                raw = (ChatPromptTemplate.from_messages(repair) | model | StrOutputParser()).invoke(
                    {**inputs, "previous": raw, "problems": "\n".join(problems)})
                draft, problems = self._checked(raw, base, backend)
        except Exception as exc:  # endpoint down or garbage: the extractive draft still serves
            log.warning("generative drafting with %s failed: %s", backend, exc)
            return replace(base, reason=f"generative backend unavailable: {type(exc).__name__}")
        if problems:
            return replace(base, reason="generative draft replaced: " + "; ".join(problems[:3]))
        return draft

    def _checked(self, raw: str, base: Draft, backend: str) -> tuple[Draft, list[str]]:
        if DECLINE_MARK in raw:
            return base, ["the model declined the topic"]
        blocks = parse_blocks(raw)
        if not blocks:
            return base, ["the model wrote nothing"]
        known = {f.n for f in base.footnotes}
        unknown = sorted({int(n) for b in blocks for n in MARKER.findall(b.text)} - known)
        if unknown:
            return base, [f"citations {unknown} are not among the numbered quotes"]
        draft = renumber(replace(base, blocks=tuple(b for b in base.blocks if b.kind in ("title", "subtitle")) + tuple(blocks),
                                 backend=backend))
        return draft, verify_draft(draft, self._titles())


def parse_blocks(raw: str) -> list[Block]:
    """A model's draft, line by line, into blocks (headings, bullets, questions...)."""
    blocks: list[Block] = []
    for line in raw.splitlines():
        line = line.strip().strip("*").strip()
        line = re.sub(r"^#+\s*", "", line)
        if not line:
            continue
        for pattern, kind in ((_QUESTION, "question"), (_ANSWER, "answer"), (_HEADING, "heading"), (_BULLET, "bullet")):
            m = pattern.match(line)
            if m:
                label = {"question": f"Câu {sum(b.kind == 'question' for b in blocks) + 1}.", "answer": "Trả lời:"}.get(
                    kind, f"{m.groupdict().get('label', '')}." if kind == "heading" else "")
                blocks.append(Block(kind, m["text"].strip(), label))
                break
        else:
            m = _NUMBERED.match(line)
            if m:
                # a heading states nothing: a numbered line with a figure or name is a point
                short = (len(m["text"]) < 90 and not MARKER.search(m["text"]) and not m["text"].endswith(".")
                         and all(is_year(c) for c in claims(m["text"])))
                blocks.append(Block("subheading" if short else "point", m["text"].strip(), f"{m['label']}."))
            else:
                blocks.append(Block("paragraph", line))
    return blocks


def renumber(draft: Draft) -> Draft:
    """Footnotes numbered 1, 2, ... in order of first use; unused quotes dropped."""
    order: dict[int, int] = {}
    for b in draft.blocks:
        for n in b.notes:
            order.setdefault(n, len(order) + 1)
    by_n = {f.n: f for f in draft.footnotes}
    blocks = tuple(replace(b, text=MARKER.sub(lambda m: f"[{order[int(m[1])]}]", b.text)) for b in draft.blocks)
    footnotes = tuple(replace(by_n[old], n=new) for old, new in sorted(order.items(), key=lambda kv: kv[1]))
    return replace(draft, blocks=blocks, footnotes=footnotes)

