"""Access and logs: optional login, uploads/deletes/reindex for administrators only when login
is on, structured logs with a request id per question and no question text unless enabled."""

import json
import logging

import pytest
from gradio_client import Client

from assistant import Assistant
from assistant.app import handlers as h
from assistant.app.chat import api_ask
from assistant.app.requestlog import JsonFormatter, question_log
from tests.conftest import start_app, stop_app

USERS = "can-bo:mat-khau-1,quan-tri:mat-khau-2"


@pytest.fixture(scope="module")
def login_app(built_assistant, tmp_path_factory):
    root = tmp_path_factory.mktemp("login")
    proc, url, port, log = start_app(root, built_assistant.settings.index_dir,
                                     {"ASSISTANT_USERS": USERS, "ASSISTANT_ADMINS": "quan-tri"})
    yield url
    stop_app(proc)


def test_with_login_on_nobody_gets_in_without_a_password(login_app):
    with pytest.raises(Exception):
        Client(login_app, verbose=False).predict("Tỷ lệ đô thị hóa 2025?", None, api_name="/ask")
    with pytest.raises(Exception):
        Client(login_app, auth=("can-bo", "sai"), verbose=False)
    result = Client(login_app, auth=("can-bo", "mat-khau-1"), verbose=False).predict(
        "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?", None, api_name="/ask")
    assert "26%" in result["text"]


def test_only_administrators_change_the_library(built_assistant, tmp_path):
    settings = built_assistant.settings.with_(users=USERS, admins="quan-tri")
    assistant = Assistant(settings)
    upload = tmp_path / "moi.txt"
    upload.write_text("KẾ HOẠCH\nthử\n\nI. MỤC TIÊU\n\n- Nội dung thử nghiệm đủ dài để được lập chỉ mục.\n", encoding="utf-8")
    for action in (lambda user: h.add_documents(assistant, [str(upload)], username=user),
                   lambda user: h.delete_document(assistant, "kh-dienbien-nq06", True, username=user),
                   lambda user: h.reindex(assistant, username=user)):
        assert action("can-bo") == h.ADMIN_ONLY
        assert action(None) == h.ADMIN_ONLY
    assert not (settings.corpus_dir / "moi.txt").exists()
    assert h.reindex(assistant, username="quan-tri").startswith("Chỉ mục")
    assert Assistant(built_assistant.settings).settings.is_admin(None)  # no login: the local user administers


def capture(settings, question):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(JsonFormatter().format(record))

    logger = logging.getLogger("assistant.requests")
    handler = Keep()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with question_log(settings, question, "api") as record:
            record["refused"] = False
    finally:
        logger.removeHandler(handler)
    return [json.loads(r) for r in records]


def test_each_question_is_logged_as_json_with_a_request_id_and_no_text(built_assistant):
    [line] = capture(built_assistant.settings, "Câu hỏi nhạy cảm về nhân sự")
    assert line["event"] == "question answered" and len(line["request_id"]) == 12
    assert line["channel"] == "api" and line["question_chars"] == 27 and "latency_ms" in line
    assert "question" not in line and "nhạy cảm" not in json.dumps(line, ensure_ascii=False)
    [logged] = capture(built_assistant.settings.with_(log_questions=True), "Câu hỏi nhạy cảm về nhân sự")
    assert logged["question"] == "Câu hỏi nhạy cảm về nhân sự"
    other = capture(built_assistant.settings, "x")[0]
    assert other["request_id"] != line["request_id"]


def test_the_app_logs_questions_as_json_lines(app_server):
    Client(app_server["url"], verbose=False).predict("Ai chủ trì tuyên truyền?", None, api_name="/ask")
    lines = [json.loads(line) for line in app_server["log"].read_text(encoding="utf-8").splitlines()
             if line.startswith("{") and '"question answered"' in line]
    assert lines and lines[-1]["sections"] == ["kh-dienbien-nq06#V.5"] and "question" not in lines[-1]


def test_api_errors_do_not_leak_tracebacks(built_assistant):
    broken = Assistant(built_assistant.settings.with_(backend="openai"))  # no endpoint configured
    result = api_ask(broken, "Tỷ lệ đô thị hóa 2025?")
    assert result["refused"] and result["error"] == "ConfigError" and "Traceback" not in result["text"]
    assert "extractive" in result["text"]
