"""Hỏi đáp: streaming cited answers in Gradio's messages format, citation chips, the sources
panel, the `/ask` API and like/dislike feedback. Plain functions over `Assistant`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from html import escape

from assistant.app.messages import vietnamese
from assistant.app.requestlog import question_log
from assistant.app.sources import EMPTY, source_html
from assistant.model import Answer

SOURCE_PREFIX = "Nguồn:"
MAX_QUESTION_CHARS = 1000


@dataclass
class ChatState:
    """Per browser session: its id (feedback), and the citations of each answer by message index."""

    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    answers: dict[int, dict] = field(default_factory=dict)  # message index -> {"question", "answer"}
    last_feedback: int | None = None


def text_of(content) -> str:
    """Gradio 6 message content: a string, or a list of parts ({"type": "text", "text": ...})."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("value") or "")
    if isinstance(content, (list, tuple)):
        return " ".join(text_of(c) for c in content)
    return ""


def user_turns(history: list) -> list[dict]:
    """The user's questions so far, the history follow-up rewriting needs."""
    return [{"role": "user", "content": text_of(m.get("content"))} for m in history or []
            if isinstance(m, dict) and m.get("role") == "user"]


def chip_label(citation) -> str:
    return citation.label or f"{citation.doc_id} — Mục {citation.section_id}"


def shown(text: str) -> str:
    """Text as the chat shows it: questions and documents are data, so markup in them is shown
    literally, never rendered (an <img> in a question must not fetch anything)."""
    return escape(text, quote=False)


def short_label(citation) -> str:
    """'Mục II.2.1', 'Phần mở đầu', 'Nơi nhận và chữ ký' for the chips under an answer."""
    return {"preamble": "Phần mở đầu", "closing": "Nơi nhận và chữ ký"}.get(citation.section_id, f"Mục {citation.section_id}")


def answer_messages(answer: Answer) -> list[dict]:
    """The answer, then one collapsed message per cited section (Gradio's metadata title)."""
    text = shown(answer.text)
    sections = _by_section(answer.citations)
    if sections:
        text += "\n\n**Nguồn:** " + " ".join(f"`{short_label(group[0])}`" for group in sections)
    out = [{"role": "assistant", "content": text}]
    for group in sections:
        page = f", trang {group[0].page}" if group[0].page else ""
        out.append({"role": "assistant", "content": " … ".join(f"“{shown(c.quote)}”" for c in group),
                    "metadata": {"title": f"{SOURCE_PREFIX} {chip_label(group[0])}{page}", "status": "done"}})
    return out


def _by_section(citations) -> list[list]:
    """Citations grouped by the section they quote, each quote once, in order of first citation."""
    groups: dict[tuple[str, str], list] = {}
    for c in citations:
        group = groups.setdefault((c.doc_id, c.section_id), [])
        if all((q.start, q.end) != (c.start, c.end) for q in group):
            group.append(c)
    return list(groups.values())


def respond(assistant, message: str, history: list, state: ChatState | None, backend: str | None = None,
            mode: str | None = None, k: int | None = None, docs: list[str] | None = None):
    """Yields (history, state, chip choices, sources html) as the answer streams in. `docs`: the
    documents chosen above the chat (answers come only from them)."""
    state = state or ChatState()
    history = list(history or [])
    question = " ".join((message or "").split())
    if not question:
        yield history, state, [], EMPTY
        return
    if len(question) > MAX_QUESTION_CHARS:
        history += [{"role": "user", "content": shown(question[:200]) + "…"},
                    {"role": "assistant", "content": f"Câu hỏi quá dài (tối đa {MAX_QUESTION_CHARS} ký tự). Hãy hỏi ngắn gọn hơn."}]
        yield history, state, [], EMPTY
        return
    previous = user_turns(history)
    history.append({"role": "user", "content": shown(question)})
    history.append({"role": "assistant", "content": "…"})
    yield list(history), state, [], EMPTY
    streamed = ""
    answer = None
    try:
        with question_log(assistant.settings, question, "chat", session=state.session[:12], backend=backend or None,
                          mode=mode or None, k=k or None) as record:
            for event in assistant.ask_stream(question, history=previous, backend=backend or None, mode=mode or None,
                                              k=k or None, docs=list(docs or []) or None):
                if isinstance(event, str):
                    streamed += event
                    history[-1] = {"role": "assistant", "content": shown(streamed)}
                    yield list(history), state, [], EMPTY
                else:
                    answer = event
            _outcome(record, answer)
    except Exception as exc:  # shown in Vietnamese; the session keeps working
        history[-1] = {"role": "assistant", "content": vietnamese(exc)}
        yield history, state, [], EMPTY
        return
    history.pop()
    index = len(history)
    history += answer_messages(answer)
    state.answers[index] = {"question": answer.question or question, "answer": answer}
    chips = [chip_label(group[0]) for group in _by_section(answer.citations)]
    first = source_html(assistant, answer.citations[0].doc_id, answer.citations[0].start, answer.citations[0].end) \
        if answer.citations else EMPTY
    yield history, state, chips, first


def show_source(assistant, state: ChatState | None, label: str | None) -> str:
    """The sources panel for a chip of the latest answer."""
    if not state or not state.answers or not label:
        return EMPTY
    answer = state.answers[max(state.answers)]["answer"]
    for c in answer.citations:
        if chip_label(c) == label:
            return source_html(assistant, c.doc_id, c.start, c.end)
    return EMPTY


def record_vote(store, state: ChatState | None, index: int | None, liked: bool | None) -> tuple[ChatState, str]:
    """A like or dislike on an answer (or on one of its source messages)."""
    state = state or ChatState()
    owners = [i for i in state.answers if index is not None and i <= index]
    if not owners:
        return state, "Chỉ đánh giá được câu trả lời của trợ lý."
    entry = state.answers[max(owners)]
    answer: Answer = entry["answer"]
    state.last_feedback = store.record(state.session, max(owners), entry["question"], answer.text,
                                       [f"{c.doc_id}#{c.section_id}" for c in answer.citations], liked)
    verdict = "hữu ích" if liked else "chưa đạt" if liked is False else "đã bỏ đánh giá"
    return state, f"Đã ghi nhận đánh giá “{verdict}”. Có thể thêm góp ý bên dưới."


def record_comment(store, state: ChatState | None, comment: str) -> str:
    if not state or state.last_feedback is None:
        return "Hãy bấm 👍 hoặc 👎 cho một câu trả lời trước khi gửi góp ý."
    if not (comment or "").strip():
        return "Góp ý đang trống."
    store.comment(state.last_feedback, state.session, comment)
    return "Đã lưu góp ý. Cảm ơn đồng chí."


def _outcome(record: dict, answer: Answer) -> None:
    record.update(refused=answer.refused, backend=answer.backend, reason=answer.reason or None,
                  sections=[f"{c.doc_id}#{c.section_id}" for c in answer.citations])


def api_ask(assistant, question: str, history: list | None = None, docs: list[str] | None = None) -> dict:
    """The `/ask` endpoint (DESIGN.md): {"text", "refused", "citations": [...]}, for gradio_client.
    `docs`: doc ids to answer from (default: the documents the question names, else all)."""
    question = " ".join((question or "").split())
    if not question:
        return {"text": "Câu hỏi đang trống.", "refused": True, "citations": [], "error": "empty question"}
    if len(question) > MAX_QUESTION_CHARS:
        return {"text": f"Câu hỏi quá dài (tối đa {MAX_QUESTION_CHARS} ký tự).", "refused": True, "citations": [],
                "error": "question too long"}
    try:
        with question_log(assistant.settings, question, "api") as record:
            answer = assistant.ask(question, history=user_turns(history or []) if history and isinstance(history[0], dict)
                                   else history or [], docs=[d for d in (docs or []) if d] or None)
            _outcome(record, answer)
        return answer.as_dict()
    except Exception as exc:
        return {"text": vietnamese(exc), "refused": True, "citations": [], "error": type(exc).__name__}
