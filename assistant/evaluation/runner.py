"""Running a question set: retrieval, citation, answer and refusal metrics (DESIGN.md).

Per question: retrieve with the chosen mode (hit@k and reciprocal rank against the expected
sections or their descendants), ask with the chosen backend, check citations, must_include
and declines, and time the answer. Deterministic backends give deterministic results.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from pathlib import Path
from typing import Callable

from assistant.evaluation.metrics import citation_hit, includes_all, section_matches
from assistant.evaluation.questionset import Question

# Metrics where higher is better / lower is better; latency is reported but not gated (it
# depends on the machine, not on the change under test).
HIGHER_IS_BETTER = ("retrieval_hit_at_k", "mrr", "citation_hit", "answer_correct", "refusal_accuracy", "refusal_recall")
LOWER_IS_BETTER = ("false_refusal_rate",)


def evaluate(assistant, questions: list[Question], k: int = 5, mode: str | None = None, backend: str | None = None,
             progress: Callable[[int, int], None] | None = None, judge=None) -> dict:
    trees = {p.doc_id: p.tree for p in assistant.corpus()}
    items = []
    for n, q in enumerate(questions, 1):
        items.append(_item(assistant, q, trees, k, mode, backend, judge))
        if progress:
            progress(n, len(questions))
    return {"summary": summarise(items), "items": items}


def _item(assistant, q: Question, trees: dict, k: int, mode: str | None, backend: str | None, judge) -> dict:
    hits = assistant.search(q.question, k=k, mode=mode)
    retrieved = [{"doc_id": h.chunk.doc_id, "section_id": h.chunk.section_id, "rank": r} for r, h in enumerate(hits, 1)]
    first = next((r["rank"] for r in retrieved
                  if any(section_matches(r["doc_id"], r["section_id"], e, trees) for e in q.expected_sections)), None)
    started = time.perf_counter()
    answer = assistant.ask(q.question, backend=backend)
    latency = (time.perf_counter() - started) * 1000
    checks: dict[str, bool | None] = {"refusal": answer.refused != q.answerable}
    if q.answerable:
        cited = citation_hit(answer, q.expected_sections, trees)
        checks |= {
            "retrieval_hit": first is not None,
            "citation_hit": cited,
            "must_include": includes_all(answer, q.must_include),
            "answer_correct": (not answer.refused) and cited and includes_all(answer, q.must_include),
        }
    item = {
        "id": q.id, "question": q.question, "category": q.category, "answerable": q.answerable,
        "expected_sections": list(q.expected_sections), "must_include": list(q.must_include),
        "answer": answer.text, "refused": answer.refused, "outcome": answer.outcome, "reason": answer.reason,
        "confidence": answer.confidence, "signals": answer.signals,
        "citations": [{"doc_id": c.doc_id, "section_id": c.section_id, "quote": c.quote} for c in answer.citations],
        "retrieved": retrieved, "first_relevant_rank": first, "latency_ms": round(latency, 1),
        "checks": checks, "passed": all(v for v in checks.values() if v is not None),
    }
    if judge is not None and not answer.refused:
        item["judge"] = judge(q.question, answer)
    return item


def summarise(items: list[dict]) -> dict:
    summary = _rates(items)
    categories = sorted({i["category"] for i in items})
    summary["by_category"] = {c: _rates([i for i in items if i["category"] == c]) for c in categories}
    return summary


def _rates(items: list[dict]) -> dict:
    answerable = [i for i in items if i["answerable"]]
    unanswerable = [i for i in items if not i["answerable"]]
    latencies = [i["latency_ms"] for i in items]

    def share(rows, key):
        return round(sum(bool(i["checks"].get(key)) for i in rows) / len(rows), 4) if rows else None

    out = {
        "n": len(items),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "retrieval_hit_at_k": share(answerable, "retrieval_hit"),
        "mrr": round(sum(1 / i["first_relevant_rank"] for i in answerable if i["first_relevant_rank"]) / len(answerable), 4)
        if answerable else None,
        "citation_hit": share(answerable, "citation_hit"),
        "answer_correct": share(answerable, "answer_correct"),
        "refusal_accuracy": share(items, "refusal"),
        "refusal_recall": round(sum(i["refused"] for i in unanswerable) / len(unanswerable), 4) if unanswerable else None,
        "false_refusal_rate": round(sum(i["refused"] for i in answerable) / len(answerable), 4) if answerable else None,
        "latency_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
        "latency_ms_p95": round(_p95(latencies), 1) if latencies else None,
    }
    # An unreadable judge reply (None) is counted, never averaged in as a score.
    judged = [i["judge"] for i in items if i.get("judge")]
    if any("judge" in i for i in items):
        out["judge_unreadable"] = sum(1 for i in items if "judge" in i and i["judge"] is None)
    if judged:
        out["judge_faithfulness"] = round(statistics.mean(j["faithfulness"] for j in judged), 3)
        out["judge_relevance"] = round(statistics.mean(j["relevance"] for j in judged), 3)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def compare(report: dict, baseline: dict, tolerance: float) -> dict:
    """What got better and worse: summary metrics, and items whose pass/fail flipped."""
    rows, regressions = [], []
    for metric in HIGHER_IS_BETTER + LOWER_IS_BETTER + ("latency_ms_p50", "latency_ms_p95"):
        new, old = report["summary"].get(metric), baseline.get("summary", {}).get(metric)
        if new is None or old is None:
            if new is None and old is not None and metric in HIGHER_IS_BETTER + LOWER_IS_BETTER:
                regressions.append(f"{metric} (no longer measured)")
            continue
        delta = round(new - old, 4)
        worse = (delta < -tolerance) if metric in HIGHER_IS_BETTER else (delta > tolerance) if metric in LOWER_IS_BETTER else False
        better = (delta > tolerance) if metric in HIGHER_IS_BETTER else (delta < -tolerance) if metric in LOWER_IS_BETTER else False
        rows.append({"metric": metric, "baseline": old, "current": new, "delta": delta,
                     "verdict": "worse" if worse else "better" if better else "same" if metric in HIGHER_IS_BETTER + LOWER_IS_BETTER else "info"})
        if worse:
            regressions.append(metric)
    old_items = {i["id"]: i for i in baseline.get("items", [])}
    flipped = [{"id": i["id"], "now": "pass" if i["passed"] else "fail",
                "failed_checks": [k for k, v in i["checks"].items() if v is False]}
               for i in report["items"] if i["id"] in old_items and old_items[i["id"]]["passed"] != i["passed"]]
    # A question that passed and now fails is a regression even when another one flipped the
    # other way and the rates did not move; the tolerance allows that many such items per 100.
    newly_failing = [f["id"] for f in flipped if f["now"] == "fail"]
    if len(newly_failing) > tolerance * len(report["items"]):
        regressions.append(f"items now failing: {', '.join(newly_failing)}")
    return {"tolerance": tolerance, "metrics": rows, "flipped": flipped, "regressions": regressions}


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
