"""Natural questions (evals/questions/natural/: paraphrase, colloquial, no diacritics, compound,
comparison, summary, yes/no, named sections, English, unanswerable, injection, and 188 real
people's questions about Luật Doanh nghiệp) over one corpus holding all their documents: the
shipped plan, six documents of the library and the law. Prints, per set and half (dev /
validation), the measures of the eval command side by side.

    .venv/bin/python evals/bench_natural.py              # builds the corpus and index once (minutes)
    .venv/bin/python evals/bench_natural.py --half validation

Thresholds are chosen on the dev halves only; the validation halves are for reporting.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402
from assistant.evaluation.runner import evaluate  # noqa: E402

SETS = ROOT / "evals" / "questions" / "natural"
SOURCES = [  # (folder, manifest, doc ids taken)
    (ROOT / "corpus", "manifest.yaml", ["kh-dienbien-nq06"]),
    (ROOT / "evals" / "corpora" / "library", "manifest.yaml",
     ["nq57-tw", "kh310-ubnd-hanoi", "kh552-ubnd-dongthap", "ct06-ubnd-quangtri", "luat60-2024-qh15", "kl69-tw"]),
    (ROOT / "evals" / "corpora" / "luat-doanh-nghiep", "manifest.yaml", ["luat-59-2020-qh14"]),
]
MEASURES = ("n", "retrieval_hit_at_k", "citation_hit", "answer_correct", "refusal_recall", "false_refusal_rate",
            "latency_ms_p50", "latency_ms_p95")


def build_corpus(target: Path) -> None:
    """One corpus folder with every document the natural sets ask about (copied, never linked)."""
    target.mkdir(parents=True, exist_ok=True)
    entries = []
    for folder, manifest, ids in SOURCES:
        for entry in yaml.safe_load((folder / manifest).read_text(encoding="utf-8"))["documents"]:
            if entry["doc_id"] in ids:
                shutil.copyfile(folder / entry["file"], target / entry["file"])
                entries.append(entry)
    shutil.copyfile(ROOT / "corpus" / "abbreviations.yaml", target / "abbreviations.yaml")
    (target / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("dev", "validation", "both"), default="both")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "out" / "natural")
    parser.add_argument("--set", default="", help="only the sets whose name contains this")
    parser.add_argument("--dump", type=Path, help="write each set's full report (items with answers and reasons) here")
    args = parser.parse_args()

    corpus = args.out / "corpus"
    build_corpus(corpus)
    assistant = Assistant(Settings(corpus_dir=corpus, index_dir=args.out / "index"))
    t = time.perf_counter()
    report = assistant.ingest()
    print(f"index: {report.documents} documents, {report.chunks} chunks, embedded {report.embedded} "
          f"in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    trees = {p.doc_id: p.tree for p in assistant.corpus()}
    halves = ("dev", "validation") if args.half == "both" else (args.half,)
    print(f"{'set':34} " + " ".join(f"{m.replace('retrieval_', '').replace('_rate', ''):>14}" for m in MEASURES))
    for path in sorted(SETS.glob("*.yaml")):
        if not any(path.name.endswith(f".{h}.yaml") for h in halves) or args.set not in path.name:
            continue
        report = evaluate(assistant, load_question_set(path, trees))
        summary = report["summary"]
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{path.stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        cells = []
        for m in MEASURES:
            v = summary.get(m)
            cells.append(f"{'–' if v is None else v:>14}" if isinstance(v, int) or v is None else f"{v:>14.3f}")
        print(f"{path.stem:34} " + " ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
