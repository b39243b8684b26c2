"""A tiny OpenAI-compatible chat server on 127.0.0.1 standing in for a remote LLM.

Only the remote endpoint is faked: the project's real langchain-openai client talks to it
over HTTP, streaming included. `reply(messages) -> str` decides what the "model" says.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLLM:
    def __init__(self, reply):
        self.reply = reply
        self.requests: list[list[dict]] = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body["messages"])
                try:
                    text = fake.reply(body["messages"])
                except Exception as exc:  # a broken test reply must show up as an error, not a hang-up
                    data = json.dumps({"error": {"message": repr(exc)}}).encode()
                    self.send_response(500)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                base = {"id": "fake-1", "created": int(time.time()), "model": body.get("model", "fake")}
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    words = [w + " " for w in text.split(" ")]
                    for n, piece in enumerate(words):
                        delta = {"role": "assistant", "content": piece} if n == 0 else {"content": piece}
                        chunk = {**base, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    end = {**base, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                    return
                payload = {**base, "object": "chat.completion", "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def passage_number(messages: list[dict], needle: str) -> int:
    """The number the prompt gave to the passage that contains `needle`."""
    import re

    prompt = next(m["content"] for m in messages if str(m["content"]).startswith(("ĐOẠN TRÍCH:", "TRÍCH DẪN:")))
    for m in re.finditer(r"\[(\d+)\] \(", prompt):
        end = prompt.find("\n[", m.end())
        if needle in prompt[m.end() : end if end > 0 else None]:
            return int(m.group(1))
    raise AssertionError(f"no passage holds {needle!r}")
