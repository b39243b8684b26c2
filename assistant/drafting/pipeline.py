"""Drafting a material on a topic, end to end: check the request, keep to the documents it is
about (scope.py), select their sentences (quotes.py), compose the kind asked for (outline.py,
hoidap.py) in the outline of the main document's kind profile, verify it (verify/drafts.py);
with a generative backend, rewrite it from the same footnoted quotes (generative.py).

    draft = Drafter(assistant).draft("de-cuong", "phát triển nhà ở đô thị", length="ngắn")
    draft = Drafter(assistant).draft("hoi-dap", "Dữ liệu", docs=["luat60-2024-qh15"])
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import yaml

from assistant.drafting.generative import rewrite
from assistant.drafting.outline import Composer, compose_draft, main_document
from assistant.drafting.passages import Passage, document_passages
from assistant.drafting.quotes import Selection, select, subject_of, topic_tokens
from assistant.drafting.scope import SUBJECT_COSINE, Meaning, by_retrieval, named_documents
from assistant.errors import AssistantError
from assistant.ingest.header import read_header
from assistant.ingest.profiles import document_profile
from assistant.model import Block, Draft, ParsedDocument
from assistant.resources import load_prompt
from assistant.text.normalize import nfc
from assistant.verify.drafts import verify_draft

log = logging.getLogger(__name__)

# How many documents, best by retrieval first, are tried for sentences that cover the topic.
_RETRIEVAL_TRIES = 3

KINDS = ("de-cuong", "hoi-dap", "tin-bai", "talking-points")
# Accepted spellings of a length -> the key used in prompts/drafts.yaml.
LENGTHS = {"ngắn": "ngắn", "ngan": "ngắn", "short": "ngắn", "vừa": "vừa", "vua": "vừa", "medium": "vừa",
           "trung bình": "vừa", "dài": "dài", "dai": "dài", "long": "dài"}
MAX_TOPIC_CHARS = 300
MAX_AUDIENCE_CHARS = 120


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


def _request_docs(docs) -> tuple[str, ...]:
    if docs is None:
        return ()
    if isinstance(docs, str):
        docs = [docs]
    return tuple(dict.fromkeys(d.strip() for d in docs if d and d.strip()))


class Drafter:
    """One per `Assistant`: the passages, trích yếu and subject vectors of each document are read
    once per index build, not on every draft."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.settings = assistant.settings
        self._build: str | None = None
        self._passages: dict[str, tuple[ParsedDocument, list[Passage]]] = {}
        self._subjects: dict[str, tuple[ParsedDocument, str | None]] = {}
        self._meaning: Meaning | None = None

    def frames(self) -> dict:
        return yaml.safe_load(load_prompt(self.settings.prompts_dir, "drafts.yaml"))

    def draft(self, kind: str, topic: str, audience: str | None = None, length: str | None = None,
              backend: str | None = None, docs=None) -> Draft:
        started = time.perf_counter()
        kind, topic, audience, length = check_request(kind, topic, audience, length)
        backend = backend or self.settings.backend
        engine = self.assistant.engine()
        engine.check_backend(backend)
        frames = self.frames()
        selected = _request_docs(docs)
        candidates = self._candidates(selected)
        selection, overview = self._select(topic, candidates, engine.unit_index(), bool(selected))
        if selection is None:
            return self._declined(kind, topic, audience, length, backend, "no sentence of the documents covers the topic")
        draft = self._compose(kind, selection, frames, length, audience)
        if not draft.footnotes and overview is not None:
            # A topic naming a document, whose other words this kind has nothing on: the document's overview.
            draft = self._compose(kind, overview(), frames, length, audience)
        if not draft.footnotes:  # the topic matched, but nothing of this kind can be said about it
            return self._declined(kind, topic, audience, length, backend, f"nothing to put in a {kind} on this topic")
        problems = verify_draft(draft, self._titles())
        if problems:  # the documents' own sentences should always verify: never show it if not
            log.error("extractive draft failed verification: %s", problems)
            return self._declined(kind, topic, audience, length, backend, "; ".join(problems))
        if backend != "extractive":
            draft = rewrite(draft, frames, backend, self.assistant.engine().model(backend), self.settings.prompts_dir,
                            self._titles())
        return replace(draft, timings={"total_ms": round((time.perf_counter() - started) * 1000, 1)})

    def _compose(self, kind: str, selection: Selection, frames: dict, length: str, audience: str) -> Draft:
        main = next(p for p in selection.corpus if p.doc_id == main_document(selection))
        composer = Composer(kind, selection, frames, length, audience, self.assistant.targets(),
                            self.assistant.responsibilities(), self.assistant.timeline(), self.settings.draft_min_coverage,
                            document_profile(main))
        return compose_draft(composer)

    # --- scope -----------------------------------------------------------------------------
    def _candidates(self, selected: tuple[str, ...]) -> list[ParsedDocument]:
        """The indexed documents a draft may quote: the ones the user selected, else all."""
        index = self.assistant.index
        if index.build != self._build:
            self._build, self._passages, self._subjects = index.build, {}, {}
        indexed = {c.doc_id for c in index.chunks}
        corpus = [p for p in self.assistant.corpus() if p.doc_id in indexed]
        if not selected:
            return corpus
        known = {p.doc_id for p in corpus}
        unknown = [d for d in selected if d not in known]
        if unknown:
            raise DraftError(f"document {', '.join(repr(d) for d in unknown)} is not in the index; choose among "
                             f"{', '.join(sorted(known)) or '(none)'} or run `assistant ingest` first.", code="draft_document_unknown")
        return [p for p in corpus if p.doc_id in selected]

    def _select(self, topic: str, candidates: list[ParsedDocument], units, selected: bool):
        """(the passages to draft from, kept to the documents the topic is about, or None to
        decline; the named documents' overview to fall back on, or None).

        1. A document the topic names (its number, short title, trích yếu or title): its overview,
           or, when the topic asks more than its name, what of it covers the topic.
        2. Else the documents retrieval finds best, one at a time, until one covers the topic in
           words (the user's selection counts as one).
        3. Else a document whose subject the topic means (e5 cosine, `SUBJECT_COSINE`): its overview.
        """
        ids = {p.doc_id for p in candidates}
        hits = [h for h in self.assistant.search(topic, k=self.settings.draft_k) if h.chunk.doc_id in ids]
        subjects = {p.doc_id: self._subject(p) for p in candidates}
        tokens = topic_tokens(topic, units)

        def chosen(docs: list[ParsedDocument], overview: bool, names: frozenset[str] = frozenset()) -> Selection:
            return select(topic, docs, self._passages_of, units, hits, self.settings.draft_min_coverage, overview, names)

        named = named_documents(tokens, subject_of(topic), candidates, units, subjects)
        if named:
            docs = [n.doc for n in named if n.closeness == named[0].closeness]
            if any(n.whole for n in named if n.doc in docs):
                return chosen(docs, overview=True), None
            focused = chosen(docs, overview=False, names=frozenset().union(*(n.names for n in named if n.doc in docs)))
            whole = lambda: chosen(docs, overview=True)  # noqa: E731
            return (focused, whole) if focused.relevant else (whole(), None)
        # The user's selection is read as one; else one document at a time, best first.
        tries = [candidates] if selected else [[p] for p in by_retrieval(candidates, hits)[:_RETRIEVAL_TRIES]]
        for docs in tries:
            focused = chosen(docs, overview=False)
            if focused.relevant:
                return focused, None
        meaning = self._meaning_of().subjects(subject_of(topic), candidates, subjects)
        if meaning:
            doc_id = max(meaning, key=lambda d: meaning[d])  # first of equal scores: corpus order
            if meaning[doc_id] >= SUBJECT_COSINE:
                return chosen([p for p in candidates if p.doc_id == doc_id], overview=True), None
        return None, None

    # --- per-document reading, once per index build ----------------------------------------
    def _passages_of(self, parsed: ParsedDocument) -> list[Passage]:
        cached = self._passages.get(parsed.doc_id)
        if cached is None or cached[0] is not parsed:
            chunks = [c for c in self.assistant.index.chunks if c.doc_id == parsed.doc_id]
            cached = self._passages[parsed.doc_id] = (parsed, document_passages(
                parsed, chunks, parsed.document.short_title, self.settings.draft_max_quote_chars))
        return cached[1]

    def _subject(self, parsed: ParsedDocument) -> str | None:
        """The document's trích yếu as its header prints it (None when it has none)."""
        cached = self._subjects.get(parsed.doc_id)
        if cached is None or cached[0] is not parsed:
            cached = self._subjects[parsed.doc_id] = (parsed, read_header(parsed.document.text).subject)
        return cached[1]

    def _meaning_of(self) -> Meaning:
        from assistant.index.store import VECTOR_CACHE

        if self._meaning is None:
            self._meaning = Meaning(self.assistant.embeddings, self.settings.index_dir / VECTOR_CACHE,
                                    self.assistant.index.lexical.abbreviations)
        return self._meaning

    def _titles(self) -> dict[str, str]:
        return {p.doc_id: p.document.title for p in self.assistant.corpus()}

    def _declined(self, kind, topic, audience, length, backend, reason) -> Draft:
        text = self.assistant.engine().decline(reason).text
        return Draft(kind, topic, "", (Block("paragraph", text),), (), audience, length, backend, True, reason)

