"""Screenshots of each tab of the app, for the README: `.venv/bin/python docs/make_screenshots.py`.

Starts `python app.py` on a free port over the repository's corpus and index (built first if
missing), drives headless Chromium (Debian `chromium`) with Playwright and writes docs/*.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs"


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Chromium not found: apt-get install -y chromium")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "ASSISTANT_DATA_DIR": tempfile.mkdtemp(prefix="shots-")}
    app = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.set_default_timeout(120_000)
            page.goto(url)
            page.fill("#question textarea", "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?")
            page.keyboard.press("Enter")
            page.wait_for_selector("#sources mark")
            page.screenshot(path=OUT / "hoi-dap.png")

            page.get_by_role("tab", name="Soạn thảo").click()
            page.fill("#draft-topic textarea", "phát triển nhà ở đô thị")
            page.click("#draft-make")
            page.wait_for_function("() => document.querySelector('#draft-status').innerText.includes('Đã soạn xong')")
            page.wait_for_timeout(1500)  # let the preview finish fading in
            page.screenshot(path=OUT / "soan-thao.png")

            page.get_by_role("tab", name="Chỉ tiêu & tiến độ").click()
            page.locator("#targets-table").click(position={"x": 200, "y": 120})
            page.wait_for_selector("#table-source mark")
            page.screenshot(path=OUT / "chi-tieu.png")

            page.get_by_role("tab", name="Tài liệu").click()
            page.wait_for_selector("#corpus-table")
            page.screenshot(path=OUT / "tai-lieu.png")

            page.get_by_role("tab", name="Đánh giá").click()
            page.click("#eval-run")
            page.wait_for_function("() => document.querySelector('#eval-summary').innerText.includes('câu hỏi')")
            page.wait_for_selector("#eval-chart canvas, #eval-chart svg")
            page.wait_for_timeout(1500)
            page.screenshot(path=OUT / "danh-gia.png", full_page=True)
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=20)
    print("written:", ", ".join(sorted(p.name for p in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
