"""A law's article headings help rank its articles for questions in the asker's own words
(index/headings.py, the law profile's `heading_weight`), on the shipped plan plus a real law."""

from __future__ import annotations

import pytest

from assistant.index.headings import top_headings, top_id
from assistant.ingest.profiles import document_profile
from tests.conftest import plan_with_library

LAW = "luat60-2024-qh15"


@pytest.fixture(scope="module")
def plan_and_law(built_assistant, tmp_path_factory):
    return plan_with_library(built_assistant, tmp_path_factory.mktemp("headings"), (LAW,))


def _articles(hits) -> list[str]:
    return list(dict.fromkeys(top_id(h.chunk.section_id) for h in hits))


def test_a_law_s_top_headings_are_its_articles_in_order(plan_and_law):
    headings = top_headings(plan_and_law.index.chunks, LAW)
    numbers = [int(h.section_id.split()[1]) for h in headings]
    assert numbers == sorted(numbers) and len(numbers) > 40
    assert all(h.section_id.startswith("Điều ") for h in headings)  # a chapter only repeats its heading
    assert headings[0].text == "Điều 1. Phạm vi điều chỉnh"
    for h in headings:  # each brings in a passage of its own article that says more than the heading
        first = plan_and_law.index.chunks[h.first]
        assert first.doc_id == LAW and top_id(first.section_id) == h.section_id and first.text not in h.text
    assert top_headings(plan_and_law.index.chunks, "khong-co") == []


def test_the_law_profile_searches_by_headings_and_a_plan_s_does_not(plan_and_law):
    assert document_profile(plan_and_law.document(LAW)).heading_weight > 0
    assert document_profile(plan_and_law.document("kh-dienbien-nq06")).heading_weight == 0


def test_the_weight_moves_the_ranking_from_the_passages_to_the_headings(plan_and_law):
    """Weight 0: the hybrid ranking as it was. Weight 1: articles in the order of their headings'
    similarity to the question, whatever their passages say."""
    import numpy as np

    retriever = plan_and_law.retriever()
    question = "Luật này dùng cho ai?"
    plain = retriever.search(question, 15, "hybrid", frozenset({LAW}))
    # a document with no headings: the scores are renormalised, the order is the same
    assert [h.chunk.chunk_id for h in retriever.search(question, 15, "hybrid", None, (("khong-co", 0.4),))] == \
        [h.chunk.chunk_id for h in retriever.search(question, 15, "hybrid")]
    headings = top_headings(plan_and_law.index.chunks, LAW)
    vectors = np.asarray(plan_and_law.embeddings.embed_documents([h.text for h in headings]))
    cosines = vectors @ np.asarray(plan_and_law.embeddings.embed_query(question))
    nearest = headings[int(np.argmax(cosines))].section_id
    assert cosines.max() - np.sort(cosines)[-2] > 1e-3  # a clear nearest heading, on any CPU
    only_headings = _articles(retriever.search(question, 15, "hybrid", frozenset({LAW}), ((LAW, 1.0),)))
    assert only_headings[0] == nearest and only_headings[0] != _articles(plain)[0]


def test_a_middle_weight_mixes_both_and_ranks_every_passage_by_its_heading(plan_and_law):
    retriever = plan_and_law.retriever()
    question = "Trung tâm dữ liệu quốc gia phải làm những việc gì?"
    mixed = retriever.search(question, 15, "hybrid", frozenset({LAW}), ((LAW, 0.4),))
    assert all(0.0 <= h.score <= 1.0 + 1e-9 and 0.0 <= h.signals["heading"] <= 1.0 for h in mixed)
    assert all(h.ranks.get("heading", 0) >= 1 for h in mixed)
    best = min(mixed, key=lambda h: h.ranks["heading"])
    assert best.ranks["heading"] == 1 and best.signals["heading"] == 1.0
    assert {"Điều 30", "Điều 31"} <= set(_articles(mixed)[:4])  # the centre's two articles lead


def test_a_weight_outside_zero_to_one_is_refused(plan_and_law):
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="use a number from 0 to 1"):
        plan_and_law.retriever().search("dữ liệu", 5, "hybrid", None, ((LAW, 1.5),))


def test_headings_of_a_document_outside_the_search_change_nothing(plan_and_law):
    retriever = plan_and_law.retriever()
    question = "Tỷ lệ đô thị hóa đến năm 2025"
    plain = [h.chunk.chunk_id for h in retriever.search(question, 10, "hybrid", frozenset({"kh-dienbien-nq06"}))]
    mixed = [h.chunk.chunk_id for h in retriever.search(question, 10, "hybrid", frozenset({"kh-dienbien-nq06"}), ((LAW, 0.4),))]
    assert mixed == plain


def test_a_question_about_the_law_is_answered_from_the_article_its_heading_names(plan_and_law):
    answer = plan_and_law.ask("Luật Dữ liệu áp dụng với những ai?")
    assert not answer.refused
    assert {c.doc_id for c in answer.citations} == {LAW}
    assert "Điều 2" in {top_id(c.section_id) for c in answer.citations}
