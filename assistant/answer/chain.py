"""The answer chain (LCEL): standalone question -> retrieval -> backend -> verification -> Answer.

    engine = AnswerEngine(assistant); engine.invoke({"question": "...", "history": []})

Generative backends number the passages, must cite them as [n], are verified sentence by
sentence, get one repair round, and fall back to the extractive answer: an unverified claim
is never shown.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Iterator

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant.answer.compose import citation_for, compose, decline_text
from assistant.answer.extractive import extract
from assistant.answer.followup import rewrite
from assistant.answer.llm import make_chat_model
from assistant.answer.question import analyse
from assistant.model import Answer, Citation, Hit
from assistant.resources import load_prompt
from assistant.text.tokens import folded_tokens
from assistant.text.units import UnitIndex
from assistant.verify.answers import check_sentence, misplaced_figures, verify
from assistant.verify.claims import DECLINE_MARK, MARKER, claims, strip_markers

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=\])\s*\n")


class AnswerEngine:
    def __init__(self, assistant):
        self.assistant = assistant
        self.settings = assistant.settings
        self._units: dict[str, UnitIndex] = {}
        self._models: dict[str, object] = {}
        self._unit_vectors = None  # CachedEmbeddings for English unit matching, made on first use
        self.chain = (
            RunnablePassthrough.assign(standalone=RunnableLambda(self._standalone))
            | RunnablePassthrough.assign(hits=RunnableLambda(self._retrieve))
            | RunnableLambda(self._answer)
        )

    # --- chain steps ---------------------------------------------------------------------
    def invoke(self, question: str, history=None, backend: str | None = None, mode: str | None = None,
               k: int | None = None) -> Answer:
        self.check_backend(backend or self.settings.backend)
        return self.chain.invoke({"question": question, "history": history or [], "backend": backend or self.settings.backend,
                                  "mode": mode, "k": k, "started": time.perf_counter()})

    def _standalone(self, state: dict) -> str:
        return rewrite(state["question"].strip(), state["history"])

    def _retrieve(self, state: dict) -> list[Hit]:
        t = time.perf_counter()
        hits = self.assistant.search(state["standalone"], k=state.get("k") or self.settings.answer_k, mode=state.get("mode"))
        state.setdefault("timings", {})["retrieve_ms"] = round((time.perf_counter() - t) * 1000, 1)
        return hits

    def _answer(self, state: dict) -> Answer:
        backend = state["backend"]
        if backend == "extractive":
            answer = self._extractive(state["standalone"], state["hits"])
        else:
            answer = None
            for event in self._generative_events(state["standalone"], state["hits"], backend):
                if isinstance(event, Answer):
                    answer = event
        timings = {"total_ms": round((time.perf_counter() - state["started"]) * 1000, 1)}
        return _with(answer, question=state["standalone"], timings=timings)

    def stream(self, question: str, history=None, backend: str | None = None, mode: str | None = None,
               k: int | None = None) -> Iterator[str | Answer]:
        """Verified sentences as they are ready (generative backends), then the final Answer."""
        backend = backend or self.settings.backend
        self.check_backend(backend)
        started = time.perf_counter()
        standalone = rewrite(question.strip(), history or [])
        hits = self.assistant.search(standalone, k=k or self.settings.answer_k, mode=mode)
        if backend == "extractive":
            answer = self._extractive(standalone, hits)
            yield answer.text
        else:
            answer = None
            for event in self._generative_events(standalone, hits, backend):
                if isinstance(event, Answer):
                    answer = event
                else:
                    yield event
        yield _with(answer, question=standalone, timings={"total_ms": round((time.perf_counter() - started) * 1000, 1)})

    # --- extractive ----------------------------------------------------------------------
    def unit_index(self) -> UnitIndex:
        index = self.assistant.index
        if index.build not in self._units:
            self._units = {index.build: UnitIndex(index.chunks, index.lexical.abbreviations)}
        return self._units[index.build]

    def _similarity(self, question: str, texts: list[str]) -> list[float]:
        """Cosine of question and texts; unit vectors are cached by content like chunk vectors."""
        import numpy as np

        from assistant.index.embeddings import CachedEmbeddings

        if self._unit_vectors is None:
            self._unit_vectors = CachedEmbeddings(self.assistant.embeddings, self.settings.index_dir / "embeddings-cache.sqlite3")
        q = np.asarray(self.assistant.embeddings.embed_query(question))
        vectors = np.asarray(self._unit_vectors.embed_documents(texts))
        return list(vectors @ q)

    def _extractive(self, question: str, hits: list[Hit]) -> Answer:
        units = self.unit_index()
        info = analyse(question, units.abbreviations)
        if "signer" in info.kinds:
            # The signature is always in the closing block, which words of the question rarely reach.
            seen = {h.chunk.chunk_id for h in hits}
            hits = hits + [Hit(us[0].chunk, 0.0, {}) for cid, us in units.by_chunk.items()
                           if us and us[0].chunk.section_id == "closing" and cid not in seen]
        result = extract(info, hits, units, self._similarity)
        if result.declined:
            return self.decline(result.declined)
        titles = self._short_titles()
        text, citations = compose(result.units, result.headline, titles)
        problems = verify(text, citations, [h.chunk for h in hits], titles)
        if problems:  # the documents' own words should always verify; never show it if not
            return self.decline("extractive answer failed verification: " + "; ".join(problems))
        return Answer(text, citations, backend="extractive")

    # --- generative ----------------------------------------------------------------------
    def check_backend(self, backend: str) -> None:
        """A misconfigured backend is reported before any retrieval work."""
        from assistant.config import BACKENDS
        from assistant.errors import ConfigError

        if backend not in BACKENDS:
            raise ConfigError(f"unknown backend '{backend}'; use one of {', '.join(BACKENDS)}.")
        if backend != "extractive":
            self.model(backend)

    def model(self, backend: str):
        if backend not in self._models:
            self._models[backend] = make_chat_model(self.settings, backend)
        return self._models[backend]

    def _generative_events(self, question: str, hits: list[Hit], backend: str) -> Iterator[str | Answer]:
        if not hits:
            yield self.decline("no passage matched the question", backend)
            return
        prompts_dir = self.settings.prompts_dir
        passages = "\n\n".join(f"[{n}] ({h.chunk.breadcrumb})\n{h.chunk.text}" for n, h in enumerate(hits, 1))
        prompt = ChatPromptTemplate.from_messages(
            [("system", load_prompt(prompts_dir, "answer.system.md")), ("human", load_prompt(prompts_dir, "answer.user.md"))]
        )
        chain = prompt | self.model(backend) | StrOutputParser()
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
            yield _with(self._extractive(question, hits), reason=f"generative backend unavailable: {type(exc).__name__}")
            return
        if not failed and not declined and buffer.strip():
            problem = self._check_sentence(buffer.strip(), hits)
            if problem:
                failed = problem
            else:
                shown.append(buffer.strip())
        raw = " ".join(shown)
        if declined or (not failed and not raw):
            yield self.decline("the model found no answer in the passages", backend)
            return
        if not failed:
            answer = self._generative_answer(raw, hits, backend)
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
            repaired = (repair_prompt | self.model(backend) | StrOutputParser()).invoke(
                {**inputs, "previous": raw or buffer, "problems": failed}
            )
        except Exception as exc:
            log.warning("repair round failed: %s", exc)
            repaired = DECLINE_MARK
        answer = None if DECLINE_MARK in repaired else self._generative_answer(repaired, hits, backend)
        if answer is not None and all(not self._check_sentence(s, hits) for s in _sentences(repaired)):
            yield answer
            return
        fallback = self._extractive(question, hits)
        yield _with(fallback, reason=f"generative answer replaced: {failed}")

    def _check_sentence(self, sentence: str, hits: list[Hit]) -> str:
        return check_sentence(sentence, [h.chunk for h in hits], self.unit_index())

    def _misplaced_figures(self, text: str, stated: list[str], chunks) -> str:
        return misplaced_figures(text, stated, list(chunks), self.unit_index())

    def _generative_answer(self, raw: str, hits: list[Hit], backend: str) -> Answer | None:
        cited = sorted({int(n) for n in MARKER.findall(raw) if 1 <= int(n) <= len(hits)})
        if not cited:
            return None
        text = _strip_markers(raw).strip()
        stated = {c for c in claims(text)}
        titles = self._short_titles()
        citations: list[Citation] = []
        for n in cited:
            units = self.unit_index().by_chunk.get(hits[n - 1].chunk.chunk_id, [])
            if not units:
                continue
            # Quote the units that hold the answer's figures and names, else the closest one.
            holding = [u for u in units if any(c in u.text for c in stated)]
            words = folded_tokens(text)
            chosen = holding or [max(units, key=lambda u: len(u.tokens & words))]
            citations += [citation_for(u, titles.get(u.chunk.doc_id, u.chunk.doc_id)) for u in chosen]
        problems = verify(text, citations, [h.chunk for h in hits], titles)
        return None if problems else Answer(text, tuple(_dedupe(citations)), backend=backend)

    # --- shared --------------------------------------------------------------------------
    def _short_titles(self) -> dict[str, str]:
        return {p.doc_id: p.document.short_title for p in self.assistant.corpus()}

    def decline(self, reason: str, backend: str = "extractive") -> Answer:
        topics = []
        for p in self.assistant.corpus():
            parts = [s.heading for s in p.tree if s.parent is None and s.kind not in ("preamble", "closing")]
            topics.append(f"{p.document.short_title} ({', '.join(parts)})" if parts else p.document.short_title)
        text = decline_text(load_prompt(self.settings.prompts_dir, "decline.md"), topics)
        return Answer(text, (), refused=True, reason=reason, backend=backend)


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


def _with(answer: Answer, **changes) -> Answer:
    from dataclasses import replace

    if "timings" in changes:
        changes["timings"] = {**answer.timings, **changes["timings"]}
    return replace(answer, **changes)
