"""End-to-end in a real browser: headless Chromium (Debian package) driven by Playwright
against `python app.py`. Without Chromium these tests are skipped, with the reason."""

import shutil

import pytest

from tests.conftest import render_pdf

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install -y chromium; .ci/run does it)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture()
def page(browser, app_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_server["url"])
    page.wait_for_selector("#question textarea")
    yield page
    context.close()


def ask(page, question: str, expect: str) -> None:
    page.get_by_role("tab", name="Hỏi đáp").click()
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function("([sel, text]) => document.querySelector(sel).innerText.includes(text)", arg=["#chatbot", expect])


def last_answer(page) -> str:
    return page.locator("#chatbot .message-row").last.inner_text()


def test_ask_and_open_the_source(page):
    ask(page, "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?", "Trên 26%")
    page.wait_for_selector("#sources mark")
    assert page.inner_text("#sources mark") == "Tỷ lệ đô thị hóa phấn đấu đạt trên 26%."
    assert "2.1. Đến năm 2025" in page.inner_text("#sources")
    assert page.locator("#chips input[type=radio]").count() == 1
    page.get_by_text("Nguồn: Kế hoạch 06 Điện Biên — Mục II.2.1 (Đến năm 2025)").click()  # the collapsed source message
    page.wait_for_function("() => document.querySelector('#chatbot').innerText.includes('“Tỷ lệ đô thị hóa phấn đấu đạt trên 26%.”')")
    page.locator("#chatbot button[aria-label='Like']").first.click()
    page.wait_for_function("() => document.querySelector('#feedback-status').innerText.includes('Đã ghi nhận')")
    ask(page, "Còn năm 2030 thì sao?", "Trên 32%")  # the follow-up keeps context


PDF_PLAN = [
    "KẾ HOẠCH",
    "Phát triển du lịch cộng đồng bản Mường Phăng",
    "I. MỤC TIÊU",
    "1. Đến năm 2026",
    "- Bản Mường Phăng đón khoảng 12.000 lượt khách du lịch cộng đồng mỗi năm.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với UBND huyện Điện Biên triển khai kế hoạch này.",
]


def test_upload_a_pdf_ask_about_it_delete_it_and_it_is_gone(page, tmp_path):
    pdf = render_pdf(PDF_PLAN, tmp_path / "du-lich-muong-phang.pdf")
    question = "Bản Mường Phăng đón bao nhiêu lượt khách du lịch cộng đồng?"
    page.get_by_role("tab", name="Tài liệu").click()
    page.set_input_files("#upload input[type=file]", str(pdf))
    page.wait_for_function("() => document.querySelector('#upload-preview').innerText.includes('du-lich-muong-phang')")
    assert "Đến năm 2026" in page.inner_text("#upload-preview")
    page.click("#upload-add")
    page.wait_for_function("() => document.querySelector('#library-status').innerText.includes('Đã thêm')")
    assert "du-lich-muong-phang" in page.inner_text("#corpus-table")

    ask(page, question, "12.000")
    assert "12.000" in last_answer(page) or "12.000" in page.inner_text("#chatbot")
    assert "du-lich-muong-phang" in page.inner_text("#sources") or "Mường Phăng" in page.inner_text("#sources")

    page.get_by_role("tab", name="Tài liệu").click()
    page.locator("#delete-choice input").click()
    page.get_by_role("option", name="du-lich-muong-phang").click()
    page.check("#delete-confirm input")
    page.click("#delete")
    page.wait_for_function("() => document.querySelector('#library-status').innerText.includes('Đã xóa')")
    assert "du-lich-muong-phang" not in page.inner_text("#corpus-table")

    ask(page, question + " ", "Tài liệu không đề cập")
    assert "12.000" not in last_answer(page)


def test_run_a_small_evaluation_and_see_metrics(page, tmp_path):
    questions = tmp_path / "nho.yaml"
    questions.write_text(
        "- id: rate-2025\n  question: Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?\n"
        "  expected_sections: ['kh-dienbien-nq06#II.2.1']\n  must_include: ['26%']\n  category: numeric\n"
        "- id: who-propaganda\n  question: Ai chủ trì tuyên truyền Nghị quyết?\n"
        "  expected_sections: ['kh-dienbien-nq06#V.5']\n  category: responsibility\n", encoding="utf-8")
    page.get_by_role("tab", name="Đánh giá").click()
    page.set_input_files("#eval-upload input[type=file]", str(questions))
    page.click("#eval-run")
    page.wait_for_function("() => document.querySelector('#eval-summary').innerText.includes('2 câu hỏi')")
    summary = page.inner_text("#eval-summary")
    assert "Trả lời đúng" in summary and "1.0" in summary
    page.wait_for_selector("#eval-chart canvas, #eval-chart svg")
    assert page.locator("#eval-reports a").count() == 2  # report.json and report.md to download


def test_draft_and_download_the_docx(page, tmp_path):
    from docx import Document

    page.get_by_role("tab", name="Soạn thảo").click()
    page.fill("#draft-topic textarea", "phát triển nhà ở đô thị")
    page.click("#draft-make")
    page.wait_for_function("() => document.querySelector('#draft-status').innerText.includes('Đã soạn xong')")
    assert "ĐỀ CƯƠNG TUYÊN TRUYỀN" in page.inner_text("#draft-preview")
    with page.expect_download() as download:
        page.click("#draft-docx")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".docx"
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[0] == "ĐỀ CƯƠNG TUYÊN TRUYỀN" and "Chú thích nguồn" in texts
    assert any("tối thiểu 28 m²" in t for t in texts)


def test_tables_filter_link_to_sources_and_download_as_csv(page, tmp_path):
    page.get_by_role("tab", name="Chỉ tiêu & tiến độ").click()
    with page.expect_download() as download:  # works before any filter is typed
        page.click("#targets-csv")
    path = tmp_path / "targets.csv"
    download.value.save_as(path)
    assert path.read_text(encoding="utf-8").startswith("\ufeffindicator,")
    page.fill("#targets-filter textarea", "ty le do thi hoa")
    page.wait_for_function("() => !document.querySelector('#targets-table').innerText.includes('Phân loại đô thị')")
    page.locator("#targets-table").click(position={"x": 200, "y": 90})  # the first row (cells are drawn over a hidden table)
    page.wait_for_selector("#table-source mark")
    assert page.inner_text("#table-source mark") == "Tỷ lệ đô thị hóa phấn đấu đạt trên 26%."
