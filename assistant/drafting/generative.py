"""Generative drafting: a language model rewrites the extractive draft from the same numbered
quotes; its text is read back into blocks, renumbered and verified, with one repair round. A
draft that still fails (or an endpoint that is down) leaves the extractive draft in place.

    draft = rewrite(extractive_draft, frames, "openai", chat_model, prompts_dir, doc_titles)
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from assistant.model import MARKER, Block, Draft
from assistant.resources import load_prompt
from assistant.text.normalize import is_year
from assistant.verify.claims import DECLINE_MARK, claims
from assistant.verify.drafts import verify_draft

log = logging.getLogger(__name__)

_HEADING = re.compile(r"^(?P<label>[IVX]{1,5})[.\-–]\s+(?P<text>.+)$")
_NUMBERED = re.compile(r"^(?P<label>\d{1,2})[.)]\s+(?P<text>.+)$")
_BULLET = re.compile(r"^[-•*+]\s+(?P<text>.+)$")
_QUESTION = re.compile(r"^(?:\*\*)?(?:Hỏi|Câu hỏi(?: \d+)?|Câu \d+)\s*[:.](?:\*\*)?\s*(?P<text>.+)$", re.IGNORECASE)
_ANSWER = re.compile(r"^(?:\*\*)?(?:Đáp|Trả lời)\s*[:.](?:\*\*)?\s*(?P<text>.+)$", re.IGNORECASE)


def rewrite(base: Draft, frames: dict, backend: str, model, prompts: Path, doc_titles: dict[str, str]) -> Draft:
    """The model's draft when it verifies, else `base` with the reason it was kept."""
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate

    messages = [("system", load_prompt(prompts, "draft.system.md")), ("human", load_prompt(prompts, "draft.user.md"))]
    inputs = {
        "evidence": "\n".join(f"[{f.n}] ({f.label}) {f.quote}" for f in base.footnotes),
        "instructions": frames["llm_instructions"][base.kind], "topic": base.topic,
        "audience": base.audience or "cán bộ, đảng viên và Nhân dân", "length": base.length,
    }
    try:
        raw = (ChatPromptTemplate.from_messages(messages) | model | StrOutputParser()).invoke(inputs)
        draft, problems = _checked(raw, base, backend, doc_titles)
        if problems:
            repair = messages + [("ai", "{previous}"), ("human", load_prompt(prompts, "draft.repair.md"))]
            raw = (ChatPromptTemplate.from_messages(repair) | model | StrOutputParser()).invoke(
                {**inputs, "previous": raw, "problems": "\n".join(problems)})
            draft, problems = _checked(raw, base, backend, doc_titles)
    except Exception as exc:  # endpoint down or garbage: the extractive draft still serves
        log.warning("generative drafting with %s failed: %s", backend, exc)
        return replace(base, reason=f"generative backend unavailable: {type(exc).__name__}")
    if problems:
        return replace(base, reason="generative draft replaced: " + "; ".join(problems[:3]))
    return draft


def _checked(raw: str, base: Draft, backend: str, doc_titles: dict[str, str]) -> tuple[Draft, list[str]]:
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
    return draft, verify_draft(draft, doc_titles)


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

