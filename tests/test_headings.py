"""A law's article headings and whole article bodies help rank its articles for questions in the
asker's own words (index/headings.py, the law profile's `heading_weight` and `body_weight`), and
the answer quotes the first articles of that ranking; on the shipped plan plus a real law."""

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
    law = document_profile(plan_and_law.document(LAW))
    assert law.heading_weight > 0 and law.body_weight > 0 and law.searches_sections
    assert not document_profile(plan_and_law.document("kh-dienbien-nq06")).searches_sections


def test_the_weight_moves_the_ranking_from_the_passages_to_the_headings(plan_and_law):
    """Weight 0: the hybrid ranking as it was. Weight 1: articles in the order of their headings'
    similarity to the question, whatever their passages say."""
    import numpy as np

    retriever = plan_and_law.retriever()
    question = "Luật này dùng cho ai?"
    plain = retriever.search(question, 15, "hybrid", frozenset({LAW}))
    # a document with no headings: the scores are renormalised, the order is the same
    assert [h.chunk.chunk_id for h in retriever.search(question, 15, "hybrid", None, (("khong-co", 0.4, 0.0),))] == \
        [h.chunk.chunk_id for h in retriever.search(question, 15, "hybrid")]
    headings = top_headings(plan_and_law.index.chunks, LAW)
    vectors = np.asarray(plan_and_law.embeddings.embed_documents([h.text for h in headings]))
    cosines = vectors @ np.asarray(plan_and_law.embeddings.embed_query(question))
    nearest = headings[int(np.argmax(cosines))].section_id
    assert cosines.max() - np.sort(cosines)[-2] > 1e-3  # a clear nearest heading, on any CPU
    only_headings = _articles(retriever.search(question, 15, "hybrid", frozenset({LAW}), ((LAW, 1.0, 0.0),)))
    assert only_headings[0] == nearest and only_headings[0] != _articles(plain)[0]


def test_a_middle_weight_mixes_both_and_ranks_every_passage_by_its_heading(plan_and_law):
    retriever = plan_and_law.retriever()
    question = "Trung tâm dữ liệu quốc gia phải làm những việc gì?"
    mixed = retriever.search(question, 15, "hybrid", frozenset({LAW}), ((LAW, 0.4, 0.0),))
    assert all(0.0 <= h.score <= 1.0 + 1e-9 and 0.0 <= h.signals["heading"] <= 1.0 for h in mixed)
    assert all(h.ranks.get("heading", 0) >= 1 for h in mixed)
    best = min(mixed, key=lambda h: h.ranks["heading"])
    assert best.ranks["heading"] == 1 and best.signals["heading"] == 1.0
    assert {"Điều 30", "Điều 31"} <= set(_articles(mixed)[:4])  # the centre's two articles lead


@pytest.mark.parametrize("heading, body", [(1.5, 0.0), (-0.1, 0.0), (0.0, 1.2), (0.6, 0.6)])
def test_weights_outside_zero_to_one_or_adding_up_to_more_than_one_are_refused(plan_and_law, heading, body):
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="add up to at most 1") as caught:
        plan_and_law.retriever().search("dữ liệu", 5, "hybrid", None, ((LAW, heading, body),))
    assert caught.value.code == "section_weights_invalid"


def test_a_profile_whose_weights_add_up_to_more_than_one_is_refused():
    from pydantic import ValidationError

    from assistant.ingest.profiles import _ProfileFile

    base = {"name": "x", "label": "X", "match": {"kinds": ["X"]}, "roles": {}, "outline": [], "decline_hint": "-"}
    assert _ProfileFile.model_validate({**base, "heading_weight": 0.5, "body_weight": 0.5}).body_weight == 0.5
    with pytest.raises(ValidationError, match="add up to more than 1"):
        _ProfileFile.model_validate({**base, "heading_weight": 0.6, "body_weight": 0.5})


def test_the_body_weight_ranks_articles_by_the_mean_of_their_chunks(plan_and_law):
    """Body weight 1: articles in the order of the question's similarity to the mean of each
    article's chunk vectors, whatever its heading or best passage says."""
    import numpy as np

    from assistant.index.embeddings import CachedEmbeddings
    from assistant.index.store import VECTOR_CACHE

    retriever = plan_and_law.retriever()
    question = "Dữ liệu được phân loại như thế nào?"
    headings = top_headings(plan_and_law.index.chunks, LAW)
    cache = CachedEmbeddings(plan_and_law.embeddings, plan_and_law.settings.index_dir / VECTOR_CACHE)
    means = []
    for h in headings:
        vectors = np.asarray(cache.embed_documents([plan_and_law.index.chunks[p].context_text for p in h.positions]))
        mean = vectors.mean(axis=0)
        means.append(mean / np.linalg.norm(mean))
    cosines = np.asarray(means) @ np.asarray(plan_and_law.embeddings.embed_query(question))
    order = [headings[i].section_id for i in np.argsort(-cosines)]
    assert cosines.max() - np.sort(cosines)[-2] > 1e-3  # a clear nearest body, on any CPU
    by_body = retriever.search(question, 15, "hybrid", frozenset({LAW}), ((LAW, 0.0, 1.0),))
    assert _articles(by_body)[0] == order[0]
    assert all(h.ranks.get("body", 0) >= 1 and 0.0 <= h.signals["body"] <= 1.0 for h in by_body)
    assert min(by_body, key=lambda h: h.ranks["body"]).signals["body"] == 1.0
    # every chunk of an article counts, not only its first: the positions cover the whole law
    assert sorted(p for h in headings for p in h.positions) == \
        [i for i, c in enumerate(plan_and_law.index.chunks) if c.doc_id == LAW and top_id(c.section_id) in {h.section_id for h in headings}]


def test_headings_of_a_document_outside_the_search_change_nothing(plan_and_law):
    retriever = plan_and_law.retriever()
    question = "Tỷ lệ đô thị hóa đến năm 2025"
    plain = [h.chunk.chunk_id for h in retriever.search(question, 10, "hybrid", frozenset({"kh-dienbien-nq06"}))]
    mixed = [h.chunk.chunk_id for h in retriever.search(question, 10, "hybrid", frozenset({"kh-dienbien-nq06"}), ((LAW, 0.2, 0.4),))]
    assert mixed == plain


def test_a_question_about_the_law_is_answered_from_the_article_its_heading_names(plan_and_law):
    answer = plan_and_law.ask("Luật Dữ liệu áp dụng với những ai?")
    assert not answer.refused
    assert {c.doc_id for c in answer.citations} == {LAW}
    assert "Điều 2" in {top_id(c.section_id) for c in answer.citations}


def test_an_answer_quotes_the_first_articles_the_search_ranked_its_best_clause_only_among_them(plan_and_law):
    """A law's answer quotes the best clause of each of the first four articles of the deeper
    search; the clause the word scores like best leads when its article is one of them, and gives
    way when it is not (the search weighs whole articles, the scores one clause's words)."""
    from assistant.answer.extractive import Scored, _governing
    from assistant.model import Hit
    from assistant.text.units import UnitIndex

    chunks = plan_and_law.index.chunks
    units = UnitIndex(chunks)
    firsts = {}
    for chunk in chunks:
        if chunk.doc_id == LAW and units.by_chunk[chunk.chunk_id]:
            firsts.setdefault(top_id(chunk.section_id), chunk)
    articles = list(firsts)[3:9]  # six articles with quotable clauses
    hits = [Hit(firsts[a], 1.0 - i / 10, {"body": i + 1}, {"body": 1.0 - i / 10}) for i, a in enumerate(articles)]
    scored = [Scored(units.by_chunk[firsts[a].chunk_id][0], 1.0, 0.5) for a in reversed(articles)]
    inside = next(s for s in scored if top_id(s.unit.section_id) == articles[2])
    outside = next(s for s in scored if top_id(s.unit.section_id) == articles[5])

    quoted = _governing(inside, [inside.unit], scored, hits, 4)
    assert quoted[0] == inside.unit and [top_id(u.section_id) for u in quoted[1:]] == [articles[0], articles[1], articles[3]]
    quoted = _governing(outside, [outside.unit], scored, hits, 4)
    assert [top_id(u.section_id) for u in quoted] == articles[:4] and outside.unit not in quoted
    # chosen for holding what is asked (a year, a figure, a place), it stays, with the first three others
    quoted = _governing(outside, [outside.unit], scored, hits, 4, keep_best=True)
    assert quoted[0] == outside.unit and [top_id(u.section_id) for u in quoted[1:]] == articles[:3]
    # a search that did not weigh the articles (another mode, rrf) gives no reason to drop it either
    plain = [Hit(h.chunk, h.score) for h in hits]
    assert _governing(outside, [outside.unit], scored, plain, 4)[0] == outside.unit
    # clauses with none of the question's words are never quoted; nothing left: the best clause stays
    bare = [Scored(s.unit, s.score, 0.0) for s in scored]
    assert _governing(outside, [outside.unit], bare, hits, 4) == [outside.unit]


def test_a_city_asked_of_a_law_needs_a_city_named_an_address_is_what_the_law_says(plan_and_law):
    """A law's reader writes the places of their own situation, but "ở thành phố nào?" asks for a
    city: a law that names none is declined; "ở địa chỉ nào?" is answered by whatever the law says."""
    city = plan_and_law.ask("Theo Luật Dữ liệu, Quỹ phát triển dữ liệu quốc gia đặt trụ sở ở thành phố nào?")
    assert city.refused and "place" in city.reason
    where = plan_and_law.ask("Theo Luật Dữ liệu, tổ chức muốn khai thác dữ liệu thì gửi hồ sơ ở địa chỉ nào?")
    assert not where.refused and {c.doc_id for c in where.citations} == {LAW}
