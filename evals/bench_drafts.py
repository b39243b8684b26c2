"""Drafting benchmark: every kind on a set of topics, side by side, with latency, size,
footnotes and verification, plus the time to extract the plan analytics.

    python evals/bench_drafts.py

Uses the real index under ASSISTANT_INDEX_DIR (built first if missing). A topic the documents do
not cover must be declined; every other draft must verify with no problem.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant  # noqa: E402
from assistant.drafting.pipeline import KINDS  # noqa: E402
from assistant.verify.drafts import verify_draft  # noqa: E402

TOPICS = [
    "Kế hoạch thực hiện Nghị quyết 06",
    "phát triển nhà ở đô thị",
    "tỷ lệ đô thị hóa",
    "hạ tầng số",
    "tuyên truyền",
    "giao thông",
    "huy động nguồn lực từ đất đai",
    "giải bóng đá vô địch quốc gia",  # not in the documents: must be declined
]


def main() -> None:
    assistant = Assistant()
    assistant.ingest()
    assistant.draft("talking-points", TOPICS[1])  # load model and statistics outside the timings
    titles = {p.doc_id: p.document.title for p in assistant.corpus()}
    print(f"{'topic':<34} " + " ".join(f"{k:>22}" for k in KINDS))
    timings, failures = [], 0
    for topic in TOPICS:
        cells = []
        for kind in KINDS:
            started = time.perf_counter()
            draft = assistant.draft(kind, topic)
            ms = (time.perf_counter() - started) * 1000
            timings.append(ms)
            problems = verify_draft(draft, titles)
            failures += bool(problems)
            cell = "declined" if draft.refused else f"{len(draft.text):>5}ch {len(draft.footnotes):>2}fn"
            cells.append(f"{cell} {ms:>5.0f}ms{' !' if problems else ''}")
        print(f"{topic[:34]:<34} " + " ".join(f"{c:>22}" for c in cells))
    print(f"\ndrafts: {len(timings)}  p50 {statistics.median(timings):.0f} ms  "
          f"p95 {statistics.quantiles(timings, n=20)[-1]:.0f} ms  failing verification: {failures}")
    for name, fn in (("targets", assistant.targets), ("timeline", assistant.timeline),
                     ("responsibilities", assistant.responsibilities)):
        started = time.perf_counter()
        rows = fn()
        print(f"{name:<17} {len(rows):>3} rows  {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
