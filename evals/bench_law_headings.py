"""Article hit rates on a law's questions for section weights side by side (index/headings.py,
the profile keys `heading_weight` and `body_weight`): a gold article among the first k articles
the deeper search returns (k passages = settings.answer_spread_k), over the natural corpus of
bench_natural.py. Each weight pair is HEADING:BODY.

    .venv/bin/python evals/bench_law_headings.py                      # the law of the real questions
    .venv/bin/python evals/bench_law_headings.py --weights 0:0,0.4:0,0.2:0.5 --half validation

Weights are chosen on the dev half; the validation half is for reporting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402
from assistant.index.headings import top_id  # noqa: E402
from evals.bench_natural import SETS, build_corpus  # noqa: E402

CUTS = (1, 3, 4, 6, 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", default="luat-59-2020-qh14", help="the law whose question sets are measured")
    parser.add_argument("--half", choices=("dev", "validation", "both"), default="both")
    parser.add_argument("--weights", default="0:0,0.4:0,0.3:0.3,0.2:0.4,0.2:0.5")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "out" / "natural")
    args = parser.parse_args()

    build_corpus(args.out / "corpus")
    assistant = Assistant(Settings(corpus_dir=args.out / "corpus", index_dir=args.out / "index"))
    assistant.ingest()
    trees = {p.doc_id: p.tree for p in assistant.corpus()}
    retriever = assistant.retriever()
    depth = assistant.settings.answer_spread_k
    print("| half | heading | body | n | " + " | ".join(f"hit@{k}" for k in CUTS) + " |")
    print("|---|---|---|---|" + "---|" * len(CUTS))
    for half in ("dev", "validation") if args.half == "both" else (args.half,):
        questions = [q for q in load_question_set(SETS / f"{args.doc}.{half}.yaml", trees) if q.answerable]
        for heading, body in (map(float, pair.split(":")) for pair in args.weights.split(",")):
            hits = dict.fromkeys(CUTS, 0)
            for q in questions:
                found = retriever.search(q.question, depth, "hybrid", frozenset({args.doc}), ((args.doc, heading, body),))
                articles = list(dict.fromkeys(top_id(h.chunk.section_id) for h in found))
                gold = {top_id(e.split("#", 1)[1]) for e in q.expected_sections}
                for k in CUTS:
                    hits[k] += bool(gold & set(articles[:k]))
            print(f"| {half} | {heading} | {body} | {len(questions)} | " + " | ".join(f"{hits[k] / len(questions):.3f}" for k in CUTS) + " |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
