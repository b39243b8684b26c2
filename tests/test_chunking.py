"""Chunks: full coverage, never across sections, bounded, carrying their context."""

from collections import Counter

import pytest

from assistant.config import Settings
from assistant.ingest.chunking import chunk_document
from assistant.ingest.corpus import parse_document
from assistant.model import Document
from assistant.text.normalize import clean_text


def _covered(chunks, text):
    counts = Counter()
    for c in chunks:
        counts.update(range(c.start, c.end))
    return counts


def test_every_character_of_body_text_lands_in_exactly_one_chunk(plan):
    text = plan.document.text
    counts = _covered(plan.chunks, text)
    assert all(counts[i] == 1 for i, ch in enumerate(text) if not ch.isspace())
    assert max(counts.values()) == 1


def test_no_chunk_spans_two_sections(plan):
    for c in plan.chunks:
        section = plan.tree.get(c.section_id)
        assert section.start <= c.start and c.end <= section.own_end, c.chunk_id


def test_chunk_text_is_the_original_slice_for_quoting(plan):
    for c in plan.chunks:
        assert c.text == plan.document.text[c.start : c.end]
        assert c.text == c.text.strip()


def test_chunks_respect_the_size_bound(plan, settings):
    assert max(len(c.text) for c in plan.chunks) <= settings.chunk_max_chars + settings.chunk_min_chars


def test_chunk_context_names_the_year_of_its_section(plan):
    chunk = next(c for c in plan.chunks if "trên 26%" in c.text)
    assert chunk.section_id == "II.2.1"
    assert chunk.breadcrumb.endswith("2.1. Đến năm 2025")
    assert "2.1. đến năm 2025" in chunk.search_text
    assert chunk.context_text.startswith("Kế hoạch 06 Điện Biên > II. Mục tiêu")


def test_search_text_is_normalised_while_quote_keeps_spelling(plan):
    chunk = next(c for c in plan.chunks if c.section_id == "V.5")
    assert "Tỉnh uỷ" in chunk.text
    assert "tỉnh ủy" in chunk.search_text


def test_deadline_emphasis_travels_with_the_chunk(plan):
    v4 = next(c for c in plan.chunks if c.section_id == "V.4")
    assert v4.emphasis == ("trong quý III năm 2022",)


def test_chunk_ids_and_hashes_are_stable_and_unique(plan, settings):
    again = parse_document(plan.document, settings).chunks
    assert [c.chunk_id for c in again] == [c.chunk_id for c in plan.chunks]
    assert [c.content_hash for c in again] == [c.content_hash for c in plan.chunks]
    assert len({c.chunk_id for c in plan.chunks}) == len(plan.chunks)


def test_editing_one_section_changes_only_its_hashes(plan, settings):
    edited_text = plan.document.text.replace("trên 26%", "trên 27%")
    doc = Document(**{**plan.document.__dict__, "text": edited_text})
    edited = parse_document(doc, settings)
    changed = {c.section_id for c, o in zip(edited.chunks, plan.chunks) if c.content_hash != o.content_hash}
    assert changed == {"II.2.1"}


@pytest.mark.parametrize("max_chars", [200, 400, 1600])
def test_coverage_holds_for_any_size_bound(plan, max_chars):
    chunks = chunk_document(plan.document, plan.tree, max_chars=max_chars, min_chars=50)
    counts = _covered(chunks, plan.document.text)
    assert all(counts[i] == 1 for i, ch in enumerate(plan.document.text) if not ch.isspace())
    assert max(len(c.text) for c in chunks) <= max_chars + 50


def test_a_paragraph_longer_than_the_bound_is_split_at_sentences_then_words():
    body = ("Câu thứ nhất khá dài về quy hoạch đô thị. " * 30) + ("từ " * 400)
    text = clean_text("I- MỤC TIÊU\n\n" + body).text
    doc = Document("x-doc", "X", "X", text, "x.txt", "txt")
    chunks = parse_document(doc, Settings(chunk_max_chars=300, chunk_min_chars=50)).chunks
    assert max(len(c.text) for c in chunks) <= 350
    assert all(not c.text.startswith(("ừ", " ")) for c in chunks)
