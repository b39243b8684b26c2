"""Fit the answerability model (assistant/resources/answerability.yaml) on the dev halves and
publish its precision / recall trade-off on the validation halves.

Every question of evals/questions/natural/*.{dev,validation}.yaml (over the corpus that
evals/bench_natural.py builds) and of evals/questions/dev.yaml (over the shipped corpus) is
asked once with the gate open (ASSISTANT_ANSWER_CONFIDENCE=0), which records the evidence
signals and whether the answer it would give is right (cites an expected section and holds the
must_include strings). A logistic model is fitted on the dev rows (label: answerable and the
open answer is right), and the operating points are chosen on dev only:
- answer_at: the confidence that maximises, on dev, right answers minus WRONG_COST per answer
  that cites no expected section minus one per answered unanswerable question. A wrong answer
  to an answerable question is still the documents' own verified words with their section
  (the user sees where they come from), so it costs less than answering what the documents
  never say; the lowest point that declines DECLINE_TARGET of the dev unanswerable questions
  is printed beside it. Questions about a situation (the best passage is in a law: signal
  "situation") get their own point, chosen the same way on their own dev questions;
- related_at: below answer_at, the lowest point where the questions shown as related passages
  are answerable (at least RELATED_ANSWERABLE of them) and at least RELATED_CITED of them cite
  an expected section: passages shown for a question the documents cannot answer mislead, a
  labelled passage that is one of two or three relevant articles does not.
The table printed for both halves gives, per threshold: answers right, false refusals,
unanswerable declined, wrong answers.

    .venv/bin/python evals/calibrate_answerability.py            # measure, fit, print, write the model
    .venv/bin/python evals/calibrate_answerability.py --dry-run  # print only
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.answer.answerability import SIGNALS  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402
from assistant.evaluation.runner import evaluate  # noqa: E402
from evals.bench_natural import SETS, build_corpus  # noqa: E402

DECLINE_TARGET = 0.95
WRONG_COST = 0.5
RELATED_ANSWERABLE = 0.9
RELATED_CITED = 1 / 3
MODEL = ROOT / "assistant" / "resources" / "answerability.yaml"
GRID = [round(0.05 * i, 2) for i in range(1, 20)]


def measure(out: Path) -> list[dict]:
    rows = []
    corpus = out / "corpus"
    build_corpus(corpus)
    runs = [(Assistant(Settings(corpus_dir=corpus, index_dir=out / "index", answer_confidence=0.0)),
             sorted(SETS.glob("*.yaml")))]
    runs.append((Assistant(Settings(answer_confidence=0.0)), [ROOT / "evals" / "questions" / "dev.yaml"]))
    for assistant, paths in runs:
        assistant.ingest()
        trees = {p.doc_id: p.tree for p in assistant.corpus()}
        for path in paths:
            half = "validation" if path.name.endswith(".validation.yaml") else "dev"
            for item in evaluate(assistant, load_question_set(path, trees))["items"]:
                rows.append({"set": path.stem, "half": half, "id": item["id"], "answerable": item["answerable"],
                             "refused": item["refused"], "signals": item.get("signals") or {},
                             "right": bool(item["checks"].get("answer_correct")),
                             "cited": bool(item["checks"].get("citation_hit")),
                             # for reading failures: what was asked and answered
                             "question": item["question"], "category": item["category"],
                             "expected": item["expected_sections"], "must_include": item["must_include"],
                             "answer": item["answer"][:400], "reason": item["reason"],
                             "citations": [f"{c['doc_id']}#{c['section_id']}" for c in item["citations"]],
                             "rank": item["first_relevant_rank"]})
            print(f"measured {path.stem}", file=sys.stderr, flush=True)
    return rows


def fit(rows: list[dict]) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression

    train = [r for r in rows if r["half"] == "dev" and r["signals"]]
    x = [[r["signals"].get(n, 0.0) for n in SIGNALS] for r in train]
    y = [int(r["answerable"] and r["right"]) for r in train]
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    return {n: round(float(w), 4) for n, w in zip(SIGNALS, model.coef_[0])}, round(float(model.intercept_[0]), 4)


def confidence(row: dict, weights: dict[str, float], bias: float) -> float | None:
    if not row["signals"]:
        return None  # decided without the model (a named section, the document's own facts, a gate)
    z = bias + sum(weights[n] * row["signals"].get(n, 0.0) for n in SIGNALS)
    return 1.0 / (1.0 + math.exp(-z))


def rates(rows: list[dict], weights, bias, at: float, situation_at: float | None = None) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]

    def answered(r):
        c = confidence(r, weights, bias)
        point = situation_at if situation_at is not None and _situation(r) else at
        return (not r["refused"]) and (c is None or c >= point)

    share = lambda part, whole: round(len(part) / len(whole), 3) if whole else None  # noqa: E731
    return {
        "answer_correct": share([r for r in answerable if answered(r) and r["right"]], answerable),
        "false_refusal": share([r for r in answerable if not answered(r)], answerable),
        "unanswerable_declined": share([r for r in unanswerable if not answered(r)], unanswerable),
        "wrong_answers": share([r for r in answerable if answered(r) and not r["right"]], answerable),
    }


def _situation(r: dict) -> bool:
    return bool((r["signals"] or {}).get("situation"))


def choose(rows: list[dict], weights, bias) -> tuple[float, float, float]:
    """(answer_at, related_at, situation_answer_at), each chosen on dev rows only."""
    everything = [r for r in rows if r["half"] == "dev"]
    situation_at = _best_point([r for r in everything if _situation(r)], weights, bias)
    answer_at = _best_point([r for r in everything if not _situation(r)], weights, bias)
    dev = [r for r in everything if not _situation(r)]
    related_at = answer_at
    for t in reversed([g for g in GRID if g < answer_at]):
        band = [r for r in dev if (c := confidence(r, weights, bias)) is not None and t <= c < answer_at]
        if band and sum(r["answerable"] for r in band) / len(band) >= RELATED_ANSWERABLE \
                and sum(r["cited"] for r in band) / len(band) >= RELATED_CITED:
            related_at = t
        else:
            break
    return answer_at, related_at, situation_at


def _best_point(dev: list[dict], weights, bias) -> float:
    def utility(t: float) -> float:
        answered = [r for r in dev if not r["refused"] and ((c := confidence(r, weights, bias)) is None or c >= t)]
        return sum(1 if r["answerable"] and r["right"] else -WRONG_COST if r["answerable"] else -1 for r in answered)

    return max(GRID, key=lambda t: (utility(t), t))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "out" / "natural")
    parser.add_argument("--rows", type=Path, help="reuse signals measured before (JSON written by a previous run)")
    parser.add_argument("--dry-run", action="store_true", help="print the trade-off, do not write the model")
    args = parser.parse_args()
    rows_file = args.out / "answerability-rows.json"
    if args.rows:
        rows = json.loads(args.rows.read_text(encoding="utf-8"))
    else:
        rows = measure(args.out)
        rows_file.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    weights, bias = fit(rows)
    answer_at, related_at, situation_at = choose(rows, weights, bias)
    print("weights:", weights, "bias:", bias)
    dev = [r for r in rows if r["half"] == "dev"]
    strict = next((t for t in GRID if rates(dev, weights, bias, t)["unanswerable_declined"] >= DECLINE_TARGET), GRID[-1])
    print(f"chosen on dev: answer_at={answer_at} related_at={related_at} situation_answer_at={situation_at} "
          f"(declining {DECLINE_TARGET:.0%} of dev unanswerable would need {strict})\n")
    for half in ("dev", "validation"):
        part = [r for r in rows if r["half"] == half]
        print(f"{half} ({len(part)} questions, {sum(not r['answerable'] for r in part)} unanswerable)")
        print(f"{'at':>5} {'correct':>8} {'false_ref':>9} {'unans_decl':>10} {'wrong':>6}")
        for t in GRID:
            r = rates(part, weights, bias, t)
            mark = " <- answer_at" if t == answer_at else ""
            print(f"{t:>5} {r['answer_correct']:>8} {r['false_refusal']:>9} {r['unanswerable_declined']!s:>10} "
                  f"{r['wrong_answers']:>6}{mark}")
        r = rates(part, weights, bias, answer_at, situation_at)
        print(f"chosen {r['answer_correct']:>8} {r['false_refusal']:>9} {r['unanswerable_declined']!s:>10} "
              f"{r['wrong_answers']:>6}  (answer_at {answer_at}, situation questions {situation_at})")
        print()
    print(f"per set at answer_at={answer_at} (situation questions: {situation_at}):")
    print(f"{'set':34} {'n':>4} {'correct':>8} {'false_ref':>9} {'unans_decl':>10} {'wrong':>6}")
    for name in sorted({(r["set"]) for r in rows}):
        part = [r for r in rows if r["set"] == name]
        r = rates(part, weights, bias, answer_at, situation_at)
        print(f"{name:34} {len(part):>4} {r['answer_correct']!s:>8} {r['false_refusal']!s:>9} "
              f"{r['unanswerable_declined']!s:>10} {r['wrong_answers']!s:>6}")
    print()
    if not args.dry_run:
        import yaml

        header = "".join(line + "\n" for line in (
            "# The answerability model (assistant/answer/answerability.py): a logistic model over the",
            "# evidence signals. Written by evals/calibrate_answerability.py from the dev halves of",
            "# evals/questions/natural/ and evals/questions/dev.yaml; do not edit by hand, refit.",
        ))
        body = yaml.safe_dump({"weights": weights, "bias": bias, "answer_at": answer_at, "related_at": related_at,
                               "situation_answer_at": situation_at}, sort_keys=False)
        MODEL.write_text(header + body, encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
