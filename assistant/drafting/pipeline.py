"""Drafting a material on a topic, end to end: check the request, select the documents'
sentences (quotes.py), compose the kind asked for (outline.py), verify it (verify/drafts.py);
with a generative backend, rewrite it from the same footnoted quotes (generative.py).

    draft = Drafter(assistant).draft("de-cuong", "phát triển nhà ở đô thị", length="ngắn")
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import yaml

from assistant.drafting.generative import rewrite
from assistant.drafting.outline import Composer, compose_draft
from assistant.drafting.quotes import select
from assistant.errors import AssistantError
from assistant.model import Block, Draft
from assistant.resources import load_prompt
from assistant.text.normalize import nfc
from assistant.verify.drafts import verify_draft

log = logging.getLogger(__name__)

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
            draft = rewrite(draft, frames, backend, self.assistant.engine().model(backend), self.settings.prompts_dir,
                            self._titles())
        return replace(draft, timings={"total_ms": round((time.perf_counter() - started) * 1000, 1)})

    def _titles(self) -> dict[str, str]:
        return {p.doc_id: p.document.title for p in self.assistant.corpus()}

    def _declined(self, kind, topic, audience, length, backend, reason) -> Draft:
        text = self.assistant.engine().decline(reason).text
        return Draft(kind, topic, "", (Block("paragraph", text),), (), audience, length, backend, True, reason)
