"""The app's `/ask` API from gradio_client against a running `python app.py`, and the app's
safe defaults."""

import socket

from gradio_client import Client


def client(app_server) -> Client:
    return Client(app_server["url"], verbose=False)


def test_ask_endpoint_returns_a_cited_answer(app_server):
    result = client(app_server).predict("Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?", None, api_name="/ask")
    assert {"text", "refused", "citations"} <= set(result)
    assert not result["refused"] and "26%" in result["text"]
    citation = result["citations"][0]
    assert {"doc_id", "section_id", "title", "quote"} <= set(citation)
    assert (citation["doc_id"], citation["section_id"]) == ("kh-dienbien-nq06", "II.2.1")


def test_ask_endpoint_keeps_the_context_of_a_follow_up(app_server):
    history = [{"role": "user", "content": "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?"}]
    result = client(app_server).predict("Còn năm 2030 thì sao?", history, api_name="/ask")
    assert "32%" in result["text"] and result["citations"][0]["section_id"] == "II.2.2"


def test_ask_endpoint_declines_and_rejects_empty_questions(app_server):
    c = client(app_server)
    declined = c.predict("Giá vé xem bóng đá ở sân Điện Biên Phủ là bao nhiêu?", None, api_name="/ask")
    assert declined["refused"] and declined["citations"] == [] and declined["text"].startswith("Tài liệu không đề cập")
    empty = c.predict("   ", None, api_name="/ask")
    assert empty["refused"] and empty["error"] == "empty question"


def test_only_the_ask_endpoint_is_public(app_server):
    endpoints = client(app_server).view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert list(endpoints) == ["/ask"]


def test_the_app_listens_on_localhost_only(app_server):
    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None) if info[0] == socket.AF_INET}
    outside = [a for a in addresses if not a.startswith("127.")]
    for address in outside:  # the port must not answer on the machine's other addresses
        with socket.socket() as s:
            s.settimeout(1)
            assert s.connect_ex((address, app_server["port"])) != 0
