"""One answer pipeline: `ask` and `ask_stream` run the same LCEL chain, its retrieval step is a
LangChain retriever over the real index, and the timings of its steps reach the Answer. The
remote LLM is the only fake (tests/fake_llm.py)."""

from dataclasses import replace

import pytest
from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from assistant.model import Answer
from tests.fake_llm import FakeLLM, passage_number

URBAN_2025 = "Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?"


@pytest.fixture(scope="module")
def assistant(built_assistant):
    return built_assistant


def _generative(assistant, fake):
    from assistant import Assistant

    return Assistant(assistant.settings.with_(backend="openai", openai_base_url=fake.base_url, openai_model="fake-model"))


def _streamed(events: list) -> tuple[str, Answer]:
    *pieces, final = events
    assert all(isinstance(p, str) for p in pieces) and isinstance(final, Answer)
    return "".join(pieces), final


def _untimed(answer: Answer) -> Answer:
    return replace(answer, timings={})


# --- the retriever ------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_as_retriever_returns_the_search_results_as_documents_in_order(assistant, mode):
    question = "Ai chủ trì tuyên truyền Nghị quyết 06?"
    hits = assistant.search(question, k=4, mode=mode)
    documents = assistant.as_retriever(k=4, mode=mode).invoke(question)
    assert [d.metadata["chunk_id"] for d in documents] == [h.chunk.chunk_id for h in hits]
    first, hit = documents[0], hits[0]
    assert isinstance(first, Document) and first.page_content == hit.chunk.text
    assert {"doc_id", "section_id", "breadcrumb", "chunk_id", "score", "ranks", "start", "end"} <= set(first.metadata)
    assert (first.metadata["doc_id"], first.metadata["section_id"], first.metadata["ranks"]) == \
        (hit.chunk.doc_id, hit.chunk.section_id, hit.ranks)


def test_as_retriever_defaults_to_the_search_defaults(assistant):
    question = "tỷ lệ đô thị hóa 2030"
    documents = assistant.as_retriever().invoke(question)
    assert [d.metadata["chunk_id"] for d in documents] == [h.chunk.chunk_id for h in assistant.search(question)]


def test_documents_come_back_as_the_index_own_chunks(assistant):
    from assistant.retrieval.langchain import to_hits

    documents = assistant.as_retriever(k=3).invoke("diện tích sàn nhà ở bình quân")
    chunks = {c.chunk_id: c for c in assistant.index.chunks}
    hits = to_hits(documents, chunks)
    assert [h.chunk for h in hits] == [chunks[d.metadata["chunk_id"]] for d in documents]
    with pytest.raises(ValueError, match="chunk_id"):
        to_hits([Document(page_content="văn bản khác")], chunks)


# --- one pipeline -------------------------------------------------------------------------
@pytest.mark.parametrize("question", [URBAN_2025, "Ai ký Kế hoạch này?", "Thủ đô của Pháp là gì?"])
def test_extractive_stream_and_invoke_give_the_same_answer(assistant, question):
    asked = assistant.ask(question)
    shown, streamed = _streamed(list(assistant.ask_stream(question)))
    assert _untimed(streamed) == _untimed(asked)
    assert shown == asked.text  # the extractive answer arrives whole, before its citations


def test_generative_stream_and_invoke_give_the_same_answer(assistant):
    def reply(messages):
        n = passage_number(messages, "trên 26%")
        return f"Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt trên 26% [{n}]. Đây là chỉ tiêu của Kế hoạch [{n}]."

    with FakeLLM(reply) as fake:
        model = _generative(assistant, fake)
        asked = model.ask(URBAN_2025)
        shown, streamed = _streamed(list(model.ask_stream(URBAN_2025)))
    assert asked.backend == "openai" and not asked.refused and "26%" in asked.text
    assert _untimed(streamed) == _untimed(asked)
    assert " ".join(shown.split()) == " ".join(asked.text.split())  # sentence by sentence, without markers


def test_generative_replaced_answer_is_the_same_streamed_or_not(assistant):
    def reply(messages):
        return f"Tỷ lệ đô thị hóa năm 2025 phấn đấu đạt trên 45% [{passage_number(messages, 'trên 26%')}]."

    with FakeLLM(reply) as fake:
        model = _generative(assistant, fake)
        asked = model.ask(URBAN_2025)
        shown, streamed = _streamed(list(model.ask_stream(URBAN_2025)))
    assert asked.reason.startswith("generative answer replaced") and asked.text.startswith("Trên 26%.")
    assert _untimed(streamed) == _untimed(asked)
    assert "45%" not in shown


def test_the_chain_itself_streams_pieces_then_the_answer(assistant):
    chain = assistant.engine().chain
    asked = chain.invoke({"question": URBAN_2025})
    shown, streamed = _streamed(list(chain.stream({"question": URBAN_2025})))
    assert isinstance(asked, Answer) and asked.text.startswith("Trên 26%.")
    assert _untimed(streamed) == _untimed(asked) and shown == asked.text


# --- the retrieval step -------------------------------------------------------------------
def test_k_and_mode_reach_the_retrieval_step(assistant, monkeypatch):
    engine = assistant.engine()
    real, seen = engine.retrieval, []

    def spy(query, config):
        documents = real.invoke(query, config)
        seen.append((query, config.get("configurable", {}), documents))
        return documents

    monkeypatch.setattr(engine, "retrieval", RunnableLambda(spy))
    answer = assistant.ask(URBAN_2025, mode="lexical", k=2)
    (query, configurable, documents), = seen
    assert query == URBAN_2025 and configurable == {"k": 2, "mode": "lexical"}
    assert [d.metadata["chunk_id"] for d in documents] == [h.chunk.chunk_id for h in assistant.search(URBAN_2025, 2, "lexical")]
    cited = {(c.doc_id, c.section_id) for c in answer.citations}
    assert cited and cited <= {(d.metadata["doc_id"], d.metadata["section_id"]) for d in documents}


def test_an_unknown_search_mode_is_a_clear_error(assistant):
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown search mode"):
        assistant.ask(URBAN_2025, mode="magic")


# --- timings ------------------------------------------------------------------------------
def test_timings_of_each_step_reach_the_answer_invoked_or_streamed(assistant):
    for answer in (assistant.ask(URBAN_2025), list(assistant.ask_stream(URBAN_2025))[-1]):
        t = answer.timings
        assert {"retrieve_ms", "answer_ms", "total_ms"} <= set(t)
        assert 0 <= t["retrieve_ms"] <= t["total_ms"] and 0 <= t["answer_ms"] <= t["total_ms"]
