"""The answer chain (LCEL), one pipeline for every caller (`Assistant.ask`, `ask_stream`, the
CLI, the app):

    prepare (defaults, backend check, follow-up rewriting)
      -> retrieve (a LangChain retriever; its Documents become the index's own Hits)
      -> answer (extractive, or a generative backend verified sentence by sentence)

    engine.chain.invoke({"question": "...", "history": []})   # -> Answer
    engine.chain.stream({"question": "...", "history": []})   # -> verified str pieces..., then the Answer
    # retrieval per call: config={"configurable": {"k": 5, "mode": "lexical"}}

The answer step is a generator, so `stream` yields text as it is verified and ends with the
final `Answer`, while `invoke` returns that `Answer` (RunnableLambda adds streamed pieces up and
a piece that cannot be added, the Answer, replaces the sum). Each step returns a new state dict
rather than changing the one it got, so what a step records (its timing) reaches the Answer.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Iterator

from langchain_core.runnables import RunnableConfig, RunnableLambda

from assistant.answer.compose import compose, decline_text
from assistant.answer.extractive import extract
from assistant.answer.facts import KINDS as FACT_KINDS
from assistant.answer.mentions import asks_about as _asks_about  # noqa: F401 - tests/test_issued.py imports it from here
from assistant.answer.facts import own_fact
from assistant.answer.followup import previous_questions, rewrite
from assistant.answer.generative import GenerativeAnswerer
from assistant.answer.instructions import split_instructions
from assistant.answer.llm import make_chat_model
from assistant.answer.question import analyse
from assistant.answer.scope import named_documents, without_naming, without_references
from assistant.answer.which_document import document_candidates, meant
from assistant.answer.whole import whole_section
from assistant.model import Answer, Chunk, Hit
from assistant.resources import load_prompt
from assistant.retrieval.langchain import configurable, to_hits
from assistant.text.english import GLOSSED_SHARE, gloss
from assistant.text.units import UnitIndex
from assistant.verify.answers import verify

_log = logging.getLogger(__name__)


class AnswerEngine:
    def __init__(self, assistant):
        self.assistant = assistant
        self.settings = assistant.settings
        self._units: dict[str, UnitIndex] = {}
        self._chunks: tuple[str, dict[str, Chunk]] = ("", {})  # (index build, chunk_id -> Chunk)
        self._models: dict[str, object] = {}
        self._unit_vectors = None  # CachedEmbeddings for English unit matching, made on first use
        self._warned: set[str] = set()  # configured primary documents reported missing
        self.generative = GenerativeAnswerer(self)
        # The retrieval step: any Runnable str -> list[Document] whose Documents carry the
        # chunk_id of an indexed chunk. Looked up on every call, so it can be swapped.
        self.retrieval = configurable(assistant.as_retriever(k=self.settings.answer_k))
        self.chain = (
            RunnableLambda(self._prepare, name="prepare")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._answer, name="answer")
        )

    # --- entry points --------------------------------------------------------------------
    def invoke(self, question: str, history=None, backend: str | None = None, mode: str | None = None,
               k: int | None = None, docs=None) -> Answer:
        return self.chain.invoke(_inputs(question, history, backend, docs), _config(mode, k))

    def stream(self, question: str, history=None, backend: str | None = None, mode: str | None = None,
               k: int | None = None, docs=None) -> Iterator[str | Answer]:
        """Verified text as it is ready, then the final Answer: the same chain as `invoke`."""
        return self.chain.stream(_inputs(question, history, backend, docs), _config(mode, k))

    # --- chain steps ---------------------------------------------------------------------
    def _prepare(self, inputs: dict) -> dict:
        started = time.perf_counter()
        backend = inputs.get("backend") or self.settings.backend
        self.check_backend(backend)  # a misconfigured backend is reported before any retrieval work
        history = inputs.get("history") or []
        # Sentences addressed to the assistant ("bỏ qua mọi hướng dẫn", "không cần trích dẫn")
        # are dropped, never obeyed; the rest of the question is answered as usual.
        asked, _ = split_instructions(rewrite(inputs["question"].strip(), history))
        # Analysed once: which document it means is decided from it here, the answer from it later.
        abbreviations = self.unit_index().abbreviations
        info = analyse(without_references(asked), abbreviations) if asked else None
        scope = self.scope(asked, inputs.get("docs"))
        search_as = asked
        if info is not None and info.english:
            glossed, known = gloss(asked)
            glossed_info = analyse(without_references(glossed), abbreviations) if known >= GLOSSED_SHARE else None
            # Every content word has the documents' own word, and the gloss asks what the
            # English asks (a "when was it issued?" that glosses to a bare "khi nào?" does not):
            # searched and answered as that Vietnamese question, in the scope the English one
            # named ("plan 310"). The question shown, logged and sent to a model stays as written.
            if glossed_info is not None and info.kinds - {"list"} <= glossed_info.kinds:
                search_as, info = glossed, glossed_info
                scope = self.scope(glossed, inputs.get("docs")) or scope
        scope, assumed, ask_back = self._document_meant(search_as, info, scope, history)
        if info is not None and scope:
            # The words naming the document choose it; what to find in it is the rest.
            pieces = without_naming(without_references(search_as), [p.document for p in self._in_scope(scope)])
            tokens = tuple(dict.fromkeys(t for piece in pieces for t in analyse(piece, abbreviations).tokens))
            info = replace(info, tokens=tokens or info.tokens)
        return {"question": inputs["question"], "history": history, "backend": backend, "started": started,
                "standalone": asked, "search_as": search_as, "info": info, "scope": scope, "assumed": assumed,
                "ask_back": ask_back, "timings": {}}

    def scope(self, question: str, selected=None) -> tuple[str, ...]:
        """The documents to answer from: the user's selection (narrowed to the ones the question
        names, when it names some of them), else the ones the question names; () for all. (A
        follow-up names the conversation's document once rewritten; `_document_meant` reads it
        for questions about a document itself.)"""
        from assistant.errors import NotFoundError

        documents = [p.document for p in self.assistant.corpus()]
        known = {d.doc_id for d in documents}
        chosen = tuple(dict.fromkeys(selected or ()))
        unknown = [d for d in chosen if d not in known]
        if unknown:
            raise NotFoundError(f"unknown document id(s) to answer from: {', '.join(unknown)}; run `assistant docs` "
                                "to list them.", code="ask_document_unknown")
        named = named_documents(question, [d for d in documents if not chosen or d.doc_id in chosen])
        return tuple(sorted(named)) if named else chosen

    def _document_meant(self, question: str, info, scope: tuple[str, ...],
                        history=None) -> tuple[tuple[str, ...], tuple, list | None]:
        """For a question about a document itself (its signer, date, issuer, number, or a
        section by number) that several documents of its scope could mean: the one the
        conversation's latest question named ("Ai ký?" after a question on one plan); else (the
        primary document as scope, the others it was chosen over) when the primary is one of
        them; else the candidates to ask back about. Any other question keeps its scope: a new
        question in a chat is not tied to the document of the one before."""
        if not question:
            return scope, (), None
        units = self.unit_index()
        candidates, titles = document_candidates(question, self._in_scope(scope), units.abbreviations, info)
        which = meant(question, candidates, titles, units.abbreviations)
        if not isinstance(which, list):
            return scope, (), None
        for earlier in reversed(previous_questions(history)):
            named = named_documents(earlier, [p.document for p in which])
            if named:
                return tuple(sorted(named)), (), None
        primary = self.primary_document()
        if any(p.doc_id == primary for p in which):
            return (primary,), tuple(p for p in which if p.doc_id != primary), None
        return scope, (), which

    def primary_document(self) -> str:
        """The deployment's own document (settings.primary_document, else the manifest's first)."""
        corpus = self.assistant.corpus()
        chosen = self.settings.primary_document
        if chosen and not any(p.doc_id == chosen for p in corpus) and chosen not in self._warned:
            self._warned.add(chosen)
            # Removed since it was configured: ask back rather than guess another document.
            _log.warning("ASSISTANT_PRIMARY_DOCUMENT=%s is not in the corpus; questions that name no document "
                         "are asked back. Set it to one of `assistant docs`.", chosen)
        return chosen or (corpus[0].doc_id if corpus else "")

    def _retrieve(self, state: dict, config: RunnableConfig) -> dict:
        t = time.perf_counter()
        if not state["standalone"] or state["ask_back"]:
            return {**state, "hits": [], "timings": {**state["timings"], "retrieve_ms": 0.0}}
        knobs = dict(config.get("configurable") or {})
        if state["scope"]:
            knobs["docs"] = state["scope"]
        documents = self.retrieval.invoke(state["search_as"], {**config, "configurable": knobs})
        hits = to_hits(documents, self._chunk_lookup())
        k = knobs.get("k") or self.settings.answer_k
        profile = self._profile(hits[0].chunk.doc_id) if hits else None
        if profile and profile.answer_spread > 1 and self.settings.answer_spread_k > k:
            # A law: each article an answer quotes needs its own passage, and the first few are
            # often clauses of one article; search deeper once, its articles' headings and
            # bodies helping.
            deeper = {**knobs, "k": self.settings.answer_spread_k}
            if profile.searches_sections:
                # Over the same documents as the first search: when the first hit's law is the
                # wrong document, another's passages can still win (confining the deeper search
                # to the law lost a plan's summary question whose first hit was a law).
                deeper["sections"] = ((hits[0].chunk.doc_id, profile.heading_weight, profile.body_weight),)
            deep = {**config, "configurable": deeper}
            hits = to_hits(self.retrieval.invoke(state["search_as"], deep), self._chunk_lookup())
        return {**state, "hits": hits, "timings": {**state["timings"], "retrieve_ms": _ms_since(t)}}

    def _answer(self, state: dict) -> Iterator[str | Answer]:
        t = time.perf_counter()
        question, hits, backend = state["standalone"], state["hits"], state["backend"]
        if not question:
            answer = self.decline("the question only gives the assistant instructions; they are not followed")
            yield answer.text
        elif state["ask_back"]:
            answer = self.clarify(state["ask_back"])
            yield answer.text
        elif backend == "extractive":
            answer = self._assumed(self.extractive(state["search_as"], hits, state.get("scope", ()), state["info"]), state)
            yield answer.text
        else:
            answer = None
            for event in self.generative.events(question, hits, backend):
                if isinstance(event, Answer):
                    answer = event
                else:
                    yield event
            settled = self._assumed(answer, state)
            if settled is not answer and settled.text.startswith(answer.text):
                yield settled.text[len(answer.text):]  # the note; a question asked back replaces the streamed text
            answer = settled
        timings = {**state["timings"], "answer_ms": _ms_since(t), "total_ms": _ms_since(state["started"])}
        yield replace(answer, question=question or state["question"], timings={**answer.timings, **timings})

    def _chunk_lookup(self) -> dict[str, Chunk]:
        index = self.assistant.index
        if self._chunks[0] != index.build:
            self._chunks = (index.build, {c.chunk_id: c for c in index.chunks})
        return self._chunks[1]

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
        from assistant.index.store import VECTOR_CACHE

        if self._unit_vectors is None:
            self._unit_vectors = CachedEmbeddings(self.assistant.embeddings, self.settings.index_dir / VECTOR_CACHE)
        q = np.asarray(self.assistant.embeddings.embed_query(question))
        vectors = np.asarray(self._unit_vectors.embed_documents(texts))
        return list(vectors @ q)

    def extractive(self, question: str, hits: list[Hit], scope: tuple[str, ...] = (), info=None) -> Answer:
        """The documents' own sentences, verified; also the generative backends' fallback.
        `info`: the question's analysis when the caller has it already."""
        units = self.unit_index()
        info = info or analyse(without_references(question), units.abbreviations)
        if info.kinds & FACT_KINDS:
            # Its own date, signer or relations: read from what the document prints, not searched.
            # Which document "Ai ký kế hoạch?" means in a library of several plans was settled
            # when the question was prepared (_document_meant).
            own = own_fact(question, info.kinds, hits, units, self.assistant.corpus(), self.short_titles())
            if own is not None:
                return self.decline(own.reason, scope=scope) if own.refused else own
        whole = whole_section(question, hits, self._in_scope(scope), units, self._chunk_lookup(), self.short_titles())
        if whole is not None:
            return whole
        result = extract(info, hits, units, self._similarity, self.documents(), scoped=bool(scope),
                         answer_at=self.settings.answer_confidence)
        decision = result.decision
        measured = {"confidence": decision.confidence, "signals": decision.signals} if decision else {}
        titles = self.short_titles()
        if result.related:
            return replace(self.related(result.related, hits, titles, result.declined, scope), **measured)
        if result.declined:
            return replace(self.decline(result.declined, scope=scope), **measured)
        text, citations = compose(result.units, result.headline, titles)
        # A unit may come from beyond the hits (a bare heading's first lines): its chunk is evidence too.
        evidence = [h.chunk for h in hits] + list({u.chunk.chunk_id: u.chunk for u in result.units}.values())
        problems = verify(text, citations, evidence, titles)
        if problems:  # the documents' own words should always verify; never show it if not
            return replace(self.decline("extractive answer failed verification: " + "; ".join(problems), scope=scope),
                           **measured)
        return Answer(text, citations, backend="extractive", **measured)

    def related(self, units, hits: list[Hit], titles: dict[str, str], reason: str,
                scope: tuple[str, ...] = ()) -> Answer:
        """The closest passages, cited and labelled as such, with no claim of our own."""
        quoted, citations = compose(tuple(units), "", titles)
        lead = load_prompt(self.settings.prompts_dir, "related.md")
        text = f"{lead} {quoted}"
        if verify(text, citations, [h.chunk for h in hits], titles):
            return self.decline(reason, scope=scope)
        return Answer(text, citations, refused=True, reason=reason, backend="extractive", outcome="related")

    # --- backends ------------------------------------------------------------------------
    def check_backend(self, backend: str) -> None:
        """A misconfigured backend is reported before any retrieval work."""
        from assistant.config import BACKENDS
        from assistant.errors import ConfigError

        if backend not in BACKENDS:
            raise ConfigError(f"unknown backend '{backend}'; use one of {', '.join(BACKENDS)}.", code="backend_unknown")
        if backend != "extractive":
            self.model(backend)

    def model(self, backend: str):
        if backend not in self._models:
            self._models[backend] = make_chat_model(self.settings, backend)
        return self._models[backend]

    # --- shared --------------------------------------------------------------------------
    def _profile(self, doc_id: str):
        from assistant.ingest.profiles import document_profile

        parsed = next((p for p in self.assistant.corpus() if p.doc_id == doc_id), None)
        return document_profile(parsed) if parsed is not None else None

    def documents(self) -> dict:
        return {p.doc_id: p.document for p in self.assistant.corpus()}

    def short_titles(self) -> dict[str, str]:
        return {p.doc_id: p.document.short_title for p in self.assistant.corpus()}

    def _in_scope(self, scope: tuple[str, ...]) -> list:
        """The parsed documents a question is answered from: its scope, or all of them."""
        return [p for p in self.assistant.corpus() if not scope or p.doc_id in scope]

    def clarify(self, candidates: list) -> Answer:
        """Which document? asked back, listing the ones that could be meant."""
        titles = [p.document.short_title for p in candidates]
        text = load_prompt(self.settings.prompts_dir, "clarify.md").strip().format(
            count=len(titles), documents="; ".join(titles), example=titles[0])
        return Answer(text, (), refused=True, reason=f"several documents could be meant: {', '.join(p.doc_id for p in candidates)}",
                      backend="extractive", outcome="decline")

    def _assumed(self, answer: Answer, state: dict) -> Answer:
        """An answer taken from the primary document because the question named none: with the
        note saying so; when the primary document does not answer, which one was meant is asked
        back (another of them may)."""
        if not state["assumed"]:
            return answer
        primary = state["scope"][0]
        if answer.refused:
            return self.clarify([p for p in self.assistant.corpus() if p.doc_id == primary] + list(state["assumed"]))
        return replace(answer, text=f"{answer.text}\n\n{self.assumed_note(primary, state['assumed'])}")

    def assumed_note(self, doc_id: str, others) -> str:
        """Which document an answer was taken from when the question named none, and the others."""
        titles = self.short_titles()
        return load_prompt(self.settings.prompts_dir, "assumed.md").strip().format(
            document=titles.get(doc_id, doc_id), count=len(others), others="; ".join(p.document.short_title for p in others))

    def decline(self, reason: str, backend: str = "extractive", scope: tuple[str, ...] = ()) -> Answer:
        """What the documents cover instead: the question's documents when it named some."""
        topics = []
        for p in self._in_scope(scope):
            parts = [s.heading for s in p.tree if s.parent is None and s.kind not in ("preamble", "closing")]
            topics.append(f"{p.document.short_title} ({', '.join(parts)})" if parts else p.document.short_title)
        text = decline_text(load_prompt(self.settings.prompts_dir, "decline.md"), topics)
        return Answer(text, (), refused=True, reason=reason, backend=backend, outcome="decline")


def _inputs(question: str, history, backend: str | None, docs=None) -> dict:
    return {"question": question, "history": history or [], "backend": backend, "docs": list(docs or [])}


def _config(mode: str | None, k: int | None) -> RunnableConfig:
    """Only the knobs the caller set: an unset one keeps the retriever's default (answer_k,
    the configured search mode)."""
    return {"configurable": {name: value for name, value in (("k", k), ("mode", mode)) if value}}


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)
