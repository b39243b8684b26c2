"""Retrieval benchmark: quality and cost of lexical / dense / hybrid / rerank, side by side.

    python evals/bench_retrieval.py [--questions evals/questions/dev.yaml] [--scale 1,10,100]

Prints Markdown tables (Hit@1, Hit@5, MRR@10, latency p50/p95 per mode and fusion; the lexical
weight of convex fusion; chunk sizes; lexical tokenizers; cost at 1x/10x/100x corpus size) and
writes evals/out/bench_retrieval.json.
Every figure comes from the real model, real Chroma and real BM25 on this machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant, Settings  # noqa: E402
from assistant.config import PROJECT_ROOT  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402
from assistant.ingest.library import write_manifest  # noqa: E402
from assistant.ingest.manifest import load_manifest  # noqa: E402
from assistant.retrieval.retriever import FUSIONS, Retriever  # noqa: E402

OUT = PROJECT_ROOT / "evals" / "out"


def first_relevant_rank(assistant: Assistant, hits, expected: tuple[str, ...]) -> int | None:
    trees = {p.doc_id: p.tree for p in assistant.corpus()}
    for rank, hit in enumerate(hits, 1):
        for ref in expected:
            doc_id, section_id = ref.split("#", 1)
            # Copies made for the scale runs answer for the original document too.
            if hit.chunk.doc_id.split(".copy-")[0] == doc_id and trees[hit.chunk.doc_id].is_within(hit.chunk.section_id, section_id):
                return rank
    return None


def evaluate(assistant: Assistant, questions, mode: str, retriever: Retriever | None = None) -> dict:
    """`retriever`: the assistant's index searched with other settings (fusion, weight)."""
    search = (retriever or assistant).search
    ranks, latencies = [], []
    for q in questions:
        started = time.perf_counter()
        hits = search(q.question, k=10, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)
        ranks.append(first_relevant_rank(assistant, hits, q.expected_sections))
    n = len(ranks)
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "mrr@10": sum(1 / r for r in ranks if r) / n,
        "p50_ms": statistics.median(latencies),
        "p95_ms": statistics.quantiles(latencies, n=20)[-1],
        "misses@5": [q.id for q, r in zip(questions, ranks) if not r or r > 5],
    }


def with_settings(assistant: Assistant, **changes) -> Retriever:
    """The same index, model and reranker, searched with other retrieval settings."""
    current = assistant.retriever()
    return Retriever(current.index, current.embeddings, assistant.settings.with_(**changes), current.reranker)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def timed_ingest(settings: Settings) -> tuple[Assistant, dict]:
    assistant = Assistant(settings)
    started = time.perf_counter()
    report = assistant.ingest()
    seconds = time.perf_counter() - started
    build = settings.index_dir / "builds" / report.build
    return assistant, {"chunks": report.chunks, "embedded": report.embedded, "build_s": seconds, "index_mb": folder_mb(build)}


def scaled_corpus(factor: int, target: Path) -> Path:
    """`factor` copies of the corpus under new doc ids (same text, so cached vectors serve)."""
    target.mkdir(parents=True)
    entries = []
    for entry in load_manifest(PROJECT_ROOT / "corpus"):
        for n in range(factor):
            doc_id = entry.doc_id if n == 0 else f"{entry.doc_id}.copy-{n:03d}"
            name = f"{doc_id}{Path(entry.file).suffix}"
            shutil.copyfile(PROJECT_ROOT / "corpus" / entry.file, target / name)
            entries.append(entry.model_copy(update={"doc_id": doc_id, "file": name}))
    shutil.copyfile(PROJECT_ROOT / "corpus" / "abbreviations.yaml", target / "abbreviations.yaml")
    write_manifest(entries, Settings(corpus_dir=target))
    return target


def table(title: str, rows: list[tuple[str, dict]], cols: list[str]) -> str:
    out = [f"\n### {title}\n", "| | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, row in rows:
        out.append(f"| {name} | " + " | ".join(_fmt(row.get(c)) for c in cols) + " |")
    return "\n".join(out)


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if v < 10 else f"{v:.1f}"
    return "–" if v is None else str(v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(PROJECT_ROOT / "evals" / "questions" / "dev.yaml"))
    parser.add_argument("--scale", default="1,10,100", help="corpus multiples for the cost table")
    parser.add_argument("--reranker", default="", help="local CrossEncoder folder for the rerank column")
    args = parser.parse_args()
    questions = [q for q in load_question_set(Path(args.questions)) if q.answerable]
    work = Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    results: dict = {"questions": len(questions)}
    try:
        # 1. Modes at the default configuration (cold index: every chunk embedded).
        base = Settings(index_dir=work / "index", reranker_model=args.reranker)
        assistant, cost = timed_ingest(base)
        results["build_1x_cold"] = cost
        modes = ["lexical", "dense", "hybrid"] + (["rerank"] if args.reranker else [])
        results["modes"] = {m: evaluate(assistant, questions, m) for m in ("lexical", "dense")}
        for fused in modes[2:]:
            for fusion in FUSIONS:
                label = f"{fused} ({fusion}{', default' if fusion == base.fusion else ''})"
                results["modes"][label] = evaluate(assistant, questions, fused, with_settings(assistant, fusion=fusion))
        results["lexical_weight"] = {
            f"{w:.2f}{' (default)' if w == base.fusion_lexical_weight else ''}":
                evaluate(assistant, questions, "hybrid", with_settings(assistant, fusion="convex", fusion_lexical_weight=w))
            for w in (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9)
        }
        by_cat: dict = {}
        for q in questions:
            by_cat.setdefault(q.category, []).append(q)
        results["by_category"] = {
            c: {m: evaluate(assistant, qs, m)["hit@5"] for m in modes} for c, qs in sorted(by_cat.items())
        }

        # 2. Chunk size bound and lexical tokenizer, judged by the same questions.
        results["chunk_sizes"] = {}
        for size in (400, 600, 900, 1200):
            a, c = timed_ingest(base.with_(chunk_max_chars=size))
            results["chunk_sizes"][str(size)] = {**evaluate(a, questions, "hybrid"), "chunks": c["chunks"]}
        results["tokenizers"] = {}
        for tok in ("syllable", "pyvi"):
            a, c = timed_ingest(base.with_(lexical_tokenizer=tok))
            results["tokenizers"][tok] = {**evaluate(a, questions, "lexical"), "build_s": c["build_s"],
                                          "hybrid_mrr@10": evaluate(a, questions, "hybrid")["mrr@10"]}

        # 3. Cost as the corpus grows (vectors come from the cache built in step 1).
        results["scale"] = {}
        for factor in [int(x) for x in args.scale.split(",") if x]:
            corpus = scaled_corpus(factor, work / f"corpus-{factor}x")
            a, c = timed_ingest(Settings(corpus_dir=corpus, index_dir=work / "index"))
            row = {**c}
            for m in ("lexical", "dense", "hybrid"):
                e = evaluate(a, questions, m)
                row[f"{m}_p50_ms"], row[f"{m}_p95_ms"] = e["p50_ms"], e["p95_ms"]
            results["scale"][f"{factor}x"] = row
    finally:
        shutil.rmtree(work, ignore_errors=True)

    cold = results["build_1x_cold"]
    print(f"## Retrieval benchmark ({results['questions']} answerable dev questions, k=10)")
    print(f"\nCold build of the corpus: {cold['chunks']} chunks embedded in {cold['build_s']:.1f} s "
          f"({cold['chunks'] / cold['build_s']:.1f} chunks/s), index {cold['index_mb']:.1f} MB.")
    print(table("Modes and fusions", list(results["modes"].items()), ["hit@1", "hit@5", "mrr@10", "p50_ms", "p95_ms"]))
    print(table("Convex fusion: share of the lexical list (hybrid)", list(results["lexical_weight"].items()),
                ["hit@1", "hit@5", "mrr@10"]))
    print(table("Hit@5 by category", list(results["by_category"].items()), modes))
    print(table("Chunk size bound (hybrid)", list(results["chunk_sizes"].items()), ["chunks", "hit@1", "hit@5", "mrr@10"]))
    print(table("Lexical tokenizer", list(results["tokenizers"].items()), ["hit@1", "hit@5", "mrr@10", "hybrid_mrr@10", "build_s"]))
    print(table("Corpus size (vectors cached; build = chunk, BM25, Chroma insert)", list(results["scale"].items()),
                ["chunks", "build_s", "index_mb", "lexical_p95_ms", "dense_p95_ms", "hybrid_p50_ms", "hybrid_p95_ms"]))
    for m, r in results["modes"].items():
        print(f"\n{m} misses@5: {', '.join(r['misses@5']) or 'none'}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_retrieval.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
