"""Generative backends (any OpenAI-compatible chat endpoint): the model sees numbered passages
and must cite them as [n]; each sentence is verified as it streams and only verified ones are
shown; a failure gets one repair round with the problem spelled out, then the extractive
answer replaces it. An unverified claim is never shown.

    GenerativeAnswerer(engine).events(question, hits, "openai")  # verified str pieces..., then an Answer

`engine` is the `AnswerEngine` (answer/chain.py): it owns the chat models, the unit index, the
extractive fallback and the decline text, which the chain's other steps share.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Iterator

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from assistant.answer.compose import citation_for
from assistant.model import MARKER, Answer, Citation, Hit, strip_markers
from assistant.resources import load_prompt
from assistant.text.tokens import folded_tokens
from assistant.verify.answers import check_sentence, verify
from assistant.verify.claims import DECLINE_MARK, claims

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=\])\s*\n")


class GenerativeAnswerer:
    def __init__(self, engine):
        self.engine = engine

    def events(self, question: str, hits: list[Hit], backend: str) -> Iterator[str | Answer]:
        """Verified sentences as the model writes them, then exactly one final Answer."""
        engine = self.engine
        if not hits:
            yield engine.decline("no passage matched the question", backend)
            return
        prompts_dir = engine.settings.prompts_dir
        passages = "\n\n".join(f"[{n}] ({h.chunk.breadcrumb})\n{h.chunk.text}" for n, h in enumerate(hits, 1))
        prompt = ChatPromptTemplate.from_messages(
            [("system", load_prompt(prompts_dir, "answer.system.md")), ("human", load_prompt(prompts_dir, "answer.user.md"))]
        )
        chain = prompt | engine.model(backend) | StrOutputParser()
        inputs = {"question": question, "passages": passages}
        buffer, shown, failed, declined = "", [], "", False
        try:
            for piece in chain.stream(inputs):
                buffer += piece
                if DECLINE_MARK in buffer:
                    declined = True  # never show any of a reply that also says "not covered"
                    break
                *done, buffer = _SENTENCE_END.split(buffer)
                for sentence in filter(None, (s.strip() for s in done)):
                    problem = self._check_sentence(sentence, hits)
                    if problem:
                        failed = problem
                        break
                    shown.append(sentence)
                    yield _strip_markers(sentence) + " "
                if failed:
                    break
        except Exception as exc:  # the endpoint is down or answered garbage: the documents still answer
            log.warning("generative backend %s failed: %s", backend, exc)
            yield replace(engine.extractive(question, hits), reason=f"generative backend unavailable: {type(exc).__name__}")
            return
        if not failed and not declined and buffer.strip():
            problem = self._check_sentence(buffer.strip(), hits)
            if problem:
                failed = problem
            else:
                shown.append(buffer.strip())
        raw = " ".join(shown)
        if declined or (not failed and not raw):
            yield engine.decline("the model found no answer in the passages", backend)
            return
        if not failed:
            answer = self._answer(raw, hits, backend)
            if answer is not None:
                yield answer
                return
            failed = "the answer cites no passage"
        # One repair round with the problem spelled out, then the extractive answer.
        repair_prompt = ChatPromptTemplate.from_messages(
            [("system", load_prompt(prompts_dir, "answer.system.md")), ("human", load_prompt(prompts_dir, "answer.user.md")),
             ("ai", "{previous}"), ("human", load_prompt(prompts_dir, "repair.user.md"))]
        )
        try:
            repaired = (repair_prompt | engine.model(backend) | StrOutputParser()).invoke(
                {**inputs, "previous": raw or buffer, "problems": failed}
            )
        except Exception as exc:
            log.warning("repair round failed: %s", exc)
            repaired = DECLINE_MARK
        answer = None if DECLINE_MARK in repaired else self._answer(repaired, hits, backend)
        if answer is not None and all(not self._check_sentence(s, hits) for s in _sentences(repaired)):
            yield answer
            return
        yield replace(engine.extractive(question, hits), reason=f"generative answer replaced: {failed}")

    def _check_sentence(self, sentence: str, hits: list[Hit]) -> str:
        return check_sentence(sentence, [h.chunk for h in hits], self.engine.unit_index())

    def _answer(self, raw: str, hits: list[Hit], backend: str) -> Answer | None:
        cited = sorted({int(n) for n in MARKER.findall(raw) if 1 <= int(n) <= len(hits)})
        if not cited:
            return None
        text = _strip_markers(raw).strip()
        stated = {c for c in claims(text)}
        titles = self.engine.short_titles()
        citations: list[Citation] = []
        for n in cited:
            units = self.engine.unit_index().by_chunk.get(hits[n - 1].chunk.chunk_id, [])
            if not units:
                continue
            # Quote the units that hold the answer's figures and names, else the closest one.
            holding = [u for u in units if any(c in u.text for c in stated)]
            words = folded_tokens(text)
            chosen = holding or [max(units, key=lambda u: len(u.tokens & words))]
            citations += [citation_for(u, titles.get(u.chunk.doc_id, u.chunk.doc_id)) for u in chosen]
        problems = verify(text, citations, [h.chunk for h in hits], titles)
        return None if problems else Answer(text, tuple(_dedupe(citations)), backend=backend)


def _strip_markers(text: str) -> str:
    return strip_markers(text).strip()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _dedupe(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in citations:
        if (c.doc_id, c.start, c.end) not in seen:
            seen.add((c.doc_id, c.start, c.end))
            out.append(c)
    return out
