"""Answer benchmark on a question set: correctness, citations, declines and latency.

    python evals/bench_answers.py [--questions evals/questions/dev.yaml] [--backend extractive]
                                  [--library]

Uses the real index under ASSISTANT_INDEX_DIR (built first if missing) and prints a summary,
per-category figures and every failure. With --library the same questions are asked twice,
once of the shipped corpus and once with the 14 documents of evals/corpora/library indexed
beside it (evals/out/bench-answers-library), and the two latency lines are printed side by side.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant  # noqa: E402
from assistant.config import PROJECT_ROOT, Settings  # noqa: E402
from assistant.evaluation.metrics import citation_hit, includes_all  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402


LIBRARY = PROJECT_ROOT / "evals" / "corpora" / "library"


def with_library(target: Path) -> Settings:
    """A corpus folder holding the shipped plan and every document of the library (copied)."""
    target.mkdir(parents=True, exist_ok=True)
    entries = []
    for folder in (PROJECT_ROOT / "corpus", LIBRARY):
        for entry in yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))["documents"]:
            shutil.copyfile(folder / entry["file"], target / entry["file"])
            entries.append(entry)
    shutil.copyfile(PROJECT_ROOT / "corpus" / "abbreviations.yaml", target / "abbreviations.yaml")
    (target / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return Settings(corpus_dir=target, index_dir=target.parent / "index")


def timed(assistant: Assistant, questions, backend) -> list[float]:
    assistant.ask("khởi động")  # load model and unit statistics once, outside the timings
    out = []
    for q in questions:
        started = time.perf_counter()
        assistant.ask(q.question, backend=backend)
        out.append((time.perf_counter() - started) * 1000)
    return out


def latency_side_by_side(args) -> None:
    questions = load_question_set(Path(args.questions))
    print(f"## Latency, {len(questions)} questions of {Path(args.questions).name}, end to end (Assistant.ask)\n")
    print("| corpus | documents | chunks | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|---|")
    for name, settings in (("shipped", Settings()), ("shipped + library", with_library(ROOT_OUT / "corpus"))):
        assistant = Assistant(settings)
        report = assistant.ingest()
        lat = timed(assistant, questions, args.backend)
        print(f"| {name} | {report.documents} | {report.chunks} | {statistics.median(lat):.0f} "
              f"| {statistics.quantiles(lat, n=20)[-1]:.0f} | {max(lat):.0f} |", flush=True)


ROOT_OUT = PROJECT_ROOT / "evals" / "out" / "bench-answers-library"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(PROJECT_ROOT / "evals" / "questions" / "dev.yaml"))
    parser.add_argument("--backend", default=None)
    parser.add_argument("--library", action="store_true", help="latency with and without the library indexed beside the plan")
    args = parser.parse_args()
    if args.library:
        latency_side_by_side(args)
        return
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
