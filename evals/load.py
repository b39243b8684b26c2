"""Concurrent chat sessions against a running app through gradio_client (shared by the load
benchmark and its test): each session asks its own questions and checks that the answer it gets
is the answer to its question, so an answer delivered to the wrong session shows as a mismatch."""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field

# (question, text the answer must hold, section it must cite); answers differ from each other.
QUESTIONS = [
    ("Đến năm 2025 tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?", "26%", "II.2.1"),
    ("Định hướng đến năm 2030 tỷ lệ đô thị hóa đạt bao nhiêu?", "32%", "II.2.2"),
    ("Ai chủ trì công tác tuyên truyền Nghị quyết 06?", "Ban Tuyên giáo", "V.5"),
    ("Diện tích sàn nhà ở bình quân đầu người tại đô thị đến năm 2025 tối thiểu bao nhiêu?", "28 m²", "II.2.1"),
    ("Các huyện ủy, thị ủy, thành ủy ban hành chương trình hành động khi nào?", "quý III", "V.4"),
    ("Đến năm 2030 thị trấn Tuần Giáo đạt tiêu chí đô thị loại mấy?", "IV", "II.2.2"),
]


@dataclass
class LoadResult:
    sessions: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + len(self.errors)

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else None
        return {"sessions": self.sessions, "requests": self.requests, "errors": len(self.errors),
                "mismatches": len(self.mismatches), "p50_ms": round(statistics.median(lat), 1) if lat else None,
                "p95_ms": round(p95, 1) if p95 else None, "throughput_rps": round(self.requests / self.seconds, 2)}


def run_load(url: str, sessions: int = 20, seconds: float | None = None, per_session: int | None = None,
             auth: tuple[str, str] | None = None) -> LoadResult:
    """`sessions` threads, each its own gradio_client, asking until `seconds` pass or
    `per_session` questions are asked."""
    from gradio_client import Client

    result = LoadResult(sessions, 0.0)
    lock = threading.Lock()
    start_gate = threading.Barrier(sessions)
    started = time.perf_counter()

    def session(n: int) -> None:
        client = Client(url, auth=auth, verbose=False)
        start_gate.wait()
        asked = 0
        while True:
            if per_session is not None and asked >= per_session:
                return
            if seconds is not None and time.perf_counter() - started > seconds:
                return
            question, must, section = QUESTIONS[(n + asked) % len(QUESTIONS)]
            tag = f"session {n} question {asked}"
            t = time.perf_counter()
            try:
                answer = client.predict(question, None, api_name="/ask")
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
                with lock:
                    result.errors.append(f"{tag}: {type(exc).__name__}: {exc}")
            else:
                ms = (time.perf_counter() - t) * 1000
                sections = [c["section_id"] for c in answer.get("citations", [])]
                with lock:
                    result.latencies_ms.append(ms)
                    if must not in answer.get("text", "") or section not in sections:
                        result.mismatches.append(f"{tag}: asked {question!r}, got {answer.get('text', '')[:80]!r}")
            asked += 1

    threads = [threading.Thread(target=session, args=(n,)) for n in range(sessions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    result.seconds = time.perf_counter() - started
    return result
