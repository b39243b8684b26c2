"""Whether the retrieved evidence answers a question: several signals combined by a logistic
model whose weights and operating points are data (resources/answerability.yaml), fitted on
the dev halves of the question sets by evals/calibrate_answerability.py, which also prints
the precision / recall trade-off on the validation halves.

One coverage threshold could not do this: colloquial questions ("cho mình hỏi ... vậy ạ")
cover 10-20 % of their words even when the right article ranks first, while a plausible but
absent question ("mức phạt tiền ... là bao nhiêu?") covers half of its words with the
passages about the same subject. What tells them apart is how the signals move together:
the best unit's coverage, the coverage by the whole top evidence, the dense similarity, how
far the best passage stands above the next, and whether the question names its document.

    signals = measure(info, best, scored, hits, units, scoped, kind_bonus, situation)
    decision = decide(signals)   # Decision(outcome="answer" | "related" | "decline", confidence)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.text.tokens import folded_tokens
from assistant.text.units import coverage

OUTCOMES = ("answer", "related", "decline")
# The signals, in the order of the model's weights.
SIGNALS = ("coverage", "evidence", "dense", "margin", "terms", "scoped", "kind", "absent", "unseen", "subject",
           "situation")


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    answer_at: float  # confidence at or above which the evidence is quoted as an answer
    related_at: float  # at or above this (and below answer_at): related passages, no claim
    # The operating point for questions about a situation (the best passage is in a law): their
    # answers are weighed against their own dev questions, not against a plan's.
    situation_answer_at: float | None = None


@dataclass(frozen=True)
class Decision:
    outcome: str
    confidence: float
    signals: dict[str, float]


@lru_cache(maxsize=4)
def load_model(path: str = "") -> Model:
    import yaml

    from assistant.resources import package_path

    data = yaml.safe_load((Path(path) if path else package_path("answerability.yaml")).read_text(encoding="utf-8"))
    weights = {name: float(data["weights"].get(name, 0.0)) for name in SIGNALS}
    situation = data.get("situation_answer_at")
    return Model(weights, float(data["bias"]), float(data["answer_at"]), float(data["related_at"]),
                 None if situation is None else float(situation))


def measure(info, best, scored, hits, units, scoped: bool, kind_bonus: float, situation: bool = False) -> dict[str, float]:
    """The signals of one question and its evidence, each on a fixed scale (0..1 where it can).
    `situation`: the best passage is in a document whose questions describe the asker's
    situation (a law's profile): their words spread differently from questions about a plan."""
    evidence: set[str] = set()
    for hit in hits[:3]:
        evidence |= folded_tokens(hit.chunk.breadcrumb, units.abbreviations)
        for unit in units.by_chunk.get(hit.chunk.chunk_id, []):
            evidence |= unit.tokens
    dense = max((h.signals.get("dense", 0.0) for h in hits), default=0.0)
    # The best unit of another section: how clearly the best one stands out.
    other = next((s.coverage for s in scored[1:]
                  if (s.unit.doc_id, s.unit.section_id) != (best.unit.doc_id, best.unit.section_id)), 0.0)
    unigrams = [t for t in info.tokens if "_" not in t]
    # The rarest word of the question that no passage of the evidence has: "phạt" in "mức phạt
    # tiền ... là bao nhiêu?" asked of a directive that never fines. 0 when every word is there.
    ceiling = math.log(1 + units.size)
    absent = max((units.idf(t) / ceiling for t in unigrams if t not in evidence), default=0.0)
    # Phrases of the question the whole corpus never uses ("thời tiết", "mức phạt"): a subject
    # none of the documents is about, whatever passage the words happen to hit.
    bigrams = [t for t in info.tokens if "_" in t]
    unseen = sum(1 for t in bigrams if not units.df.get(t)) / len(bigrams) if bigrams else 0.0
    # Coverage without the names the question carries ("Thời tiết ở Điện Biên Phủ ngày mai?"):
    # a place says which document, not what is asked, and is checked on its own elsewhere.
    named = set().union(*(folded_tokens(n) for n in info.names)) if info.names else set()
    asked = [t for t in info.tokens if t not in named]
    heading = folded_tokens(best.unit.chunk.breadcrumb, units.abbreviations)
    subject = coverage(asked, best.unit.tokens, heading, units.idf) if asked else 0.0
    return {
        "coverage": round(best.coverage, 4),
        "evidence": round(coverage(info.tokens, frozenset(evidence), frozenset(), units.idf), 4),
        # e5 cosines of any passage sit in 0.75-0.92: the scale starts at 0.75.
        "dense": round(max(0.0, dense - 0.75) * 5, 4) if dense else 0.0,
        "margin": round(best.coverage - other, 4),
        "terms": round(min(1.0, math.log1p(len(unigrams)) / math.log1p(40)), 4),
        "scoped": 1.0 if scoped else 0.0,
        "kind": 1.0 if kind_bonus > 0 else 0.0,
        "absent": round(absent, 4),
        "unseen": round(unseen, 4),
        "subject": round(subject, 4),
        "situation": 1.0 if situation else 0.0,
    }


def decide(signals: dict[str, float], model: Model | None = None, answer_at: float | None = None) -> Decision:
    model = model or load_model()
    z = model.bias + sum(model.weights.get(name, 0.0) * signals.get(name, 0.0) for name in SIGNALS)
    confidence = round(1.0 / (1.0 + math.exp(-z)), 4)
    own = model.situation_answer_at if signals.get("situation") and model.situation_answer_at is not None else model.answer_at
    threshold = own if answer_at is None else answer_at
    outcome = "answer" if confidence >= threshold else "related" if confidence >= min(model.related_at, threshold) else "decline"
    return Decision(outcome, confidence, signals)
