"""Load benchmark: 20 simultaneous chat sessions through gradio_client for a few minutes.

    python evals/bench_load.py [--url http://127.0.0.1:7860/] [--sessions 20] [--seconds 180]

Without --url it starts `python app.py` on a free port over the repository's corpus and index.
Prints requests, errors, answers delivered to the wrong session (mismatches), p50/p95 latency and
throughput, for ASSISTANT_CONCURRENCY workers.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.load import run_load  # noqa: E402


def start_app() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "ASSISTANT_DATA_DIR": tempfile.mkdtemp(prefix="load-")}
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    sys.exit("the app did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=180)
    args = parser.parse_args()
    proc, url = (None, args.url) if args.url else start_app()
    try:
        result = run_load(url, args.sessions, seconds=args.seconds)
    finally:
        if proc:
            proc.terminate()
    print(json.dumps({**result.summary(), "concurrency": int(os.environ.get("ASSISTANT_CONCURRENCY", 2)),
                      "cpus": os.cpu_count()}, ensure_ascii=False))
    for line in (result.errors + result.mismatches)[:10]:
        print("  ", line)
    sys.exit(1 if result.errors or result.mismatches else 0)


if __name__ == "__main__":
    main()
