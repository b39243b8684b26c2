"""Answer benchmark on a question set: correctness, citations, declines and latency.

    python evals/bench_answers.py [--questions evals/questions/dev.yaml] [--backend extractive]

Uses the real index under ASSISTANT_INDEX_DIR (built first if missing) and prints a summary,
per-category figures and every failure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant  # noqa: E402
from assistant.config import PROJECT_ROOT  # noqa: E402
from assistant.evaluation.metrics import citation_hit, includes_all  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(PROJECT_ROOT / "evals" / "questions" / "dev.yaml"))
    parser.add_argument("--backend", default=None)
    args = parser.parse_args()
    assistant = Assistant()
    assistant.ingest()
    trees = {p.doc_id: p.tree for p in assistant.corpus()}
    assistant.ask("khởi động")  # load model and unit statistics once, outside the timings
    rows = []
    for q in load_question_set(Path(args.questions)):
        started = time.perf_counter()
        a = assistant.ask(q.question, backend=args.backend)
        ms = (time.perf_counter() - started) * 1000
        cited = citation_hit(a, q.expected_sections, trees) if q.answerable else None
        correct = (not a.refused and cited and includes_all(a, q.must_include)) if q.answerable else None
        rows.append((q, a, ms, cited, correct))
    answerable = [r for r in rows if r[0].answerable]
    unanswerable = [r for r in rows if not r[0].answerable]
    lat = [r[2] for r in rows]
    print(f"## Answers ({len(rows)} questions, backend {args.backend or assistant.settings.backend})\n")
    print("| answer_correct | citation_hit | refusal_recall | false_refusal_rate | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    print(f"| {sum(bool(r[4]) for r in answerable) / len(answerable):.3f} "
          f"| {sum(bool(r[3]) for r in answerable) / len(answerable):.3f} "
          f"| {sum(r[1].refused for r in unanswerable) / max(1, len(unanswerable)):.3f} "
          f"| {sum(r[1].refused for r in answerable) / len(answerable):.3f} "
          f"| {statistics.median(lat):.0f} | {statistics.quantiles(lat, n=20)[-1]:.0f} |")
    cats: dict = {}
    for r in answerable:
        cats.setdefault(r[0].category, []).append(r)
    print("\n| category | n | answer_correct | citation_hit |\n|---|---|---|---|")
    for c, rs in sorted(cats.items()):
        print(f"| {c} | {len(rs)} | {sum(bool(r[4]) for r in rs) / len(rs):.2f} | {sum(bool(r[3]) for r in rs) / len(rs):.2f} |")
    print("\n### Failures")
    for q, a, ms, cited, correct in rows:
        ok = (correct if q.answerable else a.refused)
        if not ok:
            print(f"- {q.id}: {'declined (' + a.reason + ')' if a.refused else a.text[:200]} | cited {[c.section_id for c in a.citations]} | expected {q.expected_sections} {q.must_include}")


if __name__ == "__main__":
    main()
