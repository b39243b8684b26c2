"""Rankings and answers do not depend on the last bits of a float.

Another CPU (other SIMD width, FMA, kernels of the embedding engine) gives the same model
slightly different vectors. Here every vector the real model returns, for passages and for
questions, is multiplied component-wise by (1 + ε·N(0, 1)); the dev set is then indexed, ranked
and answered again, and each question must come out as in the committed baseline: the same
retrieval hit, citation hit, correct answer and decline.

ε = 1e-4 is float-rounding size. ε = 1e-2 is about what two real machines differ by with the
bundled engine: between the machine that made an earlier baseline and another one, 9 of the 82
dev top-5 lists under reciprocal-rank fusion came out in another order, which is what noise of
about 1e-2 does to them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant import Assistant, Settings
from assistant.config import PROJECT_ROOT
from assistant.evaluation.questionset import load_question_set
from assistant.evaluation.runner import evaluate
from assistant.index.embeddings import CachedEmbeddings, model_id

DEV = PROJECT_ROOT / "evals" / "questions" / "dev.yaml"
BASELINE = PROJECT_ROOT / "evals" / "baseline.json"
NOISE = [(relative, seed) for relative in (1e-4, 1e-2) for seed in (1, 2, 3)]


class RealVectors(Embeddings):
    """The real model, each text embedded once per test session: passages through the content
    cache of the already built index, questions memoised here."""

    def __init__(self, model: Embeddings, cache_file: Path):
        self.model = model
        self.model_id = model_id(model)
        self._passages = CachedEmbeddings(model, cache_file)
        self._queries: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._passages.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        if text not in self._queries:
            self._queries[text] = self.model.embed_query(text)
        return self._queries[text]


class NoisyEmbeddings(Embeddings):
    """The inner vectors with relative noise. The noise is drawn from (seed, kind, text), so one
    text always gets the same vector, as on a real machine; the model id names the noise, so no
    index or cache ever mixes these vectors with the real ones."""

    def __init__(self, inner: Embeddings, seed: int, relative: float):
        self.inner = inner
        self.seed = seed
        self.relative = relative
        self.model_id = f"{model_id(inner)}-noise{relative:g}-seed{seed}"

    def _perturb(self, kind: str, text: str, vector: list[float]) -> list[float]:
        digest = hashlib.sha256(f"{self.seed}\x1f{kind}\x1f{text}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
        v = np.asarray(vector, dtype=np.float64)
        return (v * (1.0 + self.relative * rng.standard_normal(v.shape))).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._perturb("passage", t, v) for t, v in zip(texts, self.inner.embed_documents(texts))]

    def embed_query(self, text: str) -> list[float]:
        return self._perturb("query", text, self.inner.embed_query(text))


class AssistantWith(Assistant):
    """The real assistant with its embeddings object replaced."""

    def __init__(self, settings: Settings, embeddings: Embeddings):
        super().__init__(settings)
        self._given = embeddings

    @property
    def embeddings(self) -> Embeddings:
        return self._given


@pytest.fixture(scope="module")
def real_vectors(built_assistant) -> RealVectors:
    return RealVectors(built_assistant.embeddings, built_assistant.settings.index_dir / "embeddings-cache.sqlite3")


@pytest.fixture(scope="module")
def baseline() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def outcome(item: dict) -> dict:
    """What a user of the eval report sees per question."""
    checks = item["checks"]
    return {"retrieval_hit": checks.get("retrieval_hit"), "citation_hit": checks.get("citation_hit"),
            "answer_correct": checks.get("answer_correct"), "refused": item["refused"]}


@pytest.mark.parametrize("relative, seed", NOISE)
def test_dev_set_outcomes_survive_relative_noise_in_every_vector(relative, seed, built_assistant, real_vectors, baseline,
                                                                 tmp_path):
    noisy = NoisyEmbeddings(real_vectors, seed, relative)
    assistant = AssistantWith(Settings(index_dir=tmp_path / "index"), noisy)
    report = assistant.ingest()
    assert report.rebuilt and report.embedded == report.chunks  # a fresh index of noisy vectors

    # The noise did reach the index and the questions: raw cosines move, and by no more than
    # the two vectors' relative changes add up to.
    question = "Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?"
    clean = dict(built_assistant.index.vectors.search(real_vectors.embed_query(question), 10))
    shaken = dict(assistant.index.vectors.search(noisy.embed_query(question), 10))
    common = clean.keys() & shaken.keys()
    assert common and any(clean[c] != shaken[c] for c in common)
    assert max(abs(clean[c] - shaken[c]) for c in common) < 3 * relative

    meta = baseline["meta"]
    questions = load_question_set(DEV, {p.doc_id: p.tree for p in assistant.corpus()})
    now = evaluate(assistant, questions, k=meta["k"], mode=meta["mode"], backend=meta["backend"])
    before = {i["id"]: outcome(i) for i in baseline["items"]}
    changed = {i["id"]: {"baseline": before[i["id"]], "now": outcome(i)}
               for i in now["items"] if outcome(i) != before[i["id"]]}
    assert set(before) == {i["id"] for i in now["items"]}, "the baseline is of another question set"
    assert not changed, f"relative noise {relative:g}, seed {seed}, changed {json.dumps(changed, ensure_ascii=False, indent=1)}"
