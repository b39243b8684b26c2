"""The one splitter: lines -> sentences -> ';' clauses, as spans that quote the document exactly."""

import pytest

from assistant.model import Chunk
from assistant.text.spans import body_of, clause_spans, line_spans, sentence_spans, trimmed
from assistant.text.units import split_units

TEXT = (
    "2.1. Đến năm 2025\n\n"
    "- Tỷ lệ đô thị hóa phấn đấu đạt trên 26%.\n"
    "- Đảm bảo cáp quang phủ 100% hộ gia đình; mạng 4G, 5G đạt 100%.\n"
    "5. Ban Tuyên giáo Tỉnh uỷ chủ trì, phối hợp với các cơ quan liên quan hướng dẫn tuyên truyền.\n"
    "Huy động các nguồn lực... để thu hút đầu tư. Định kỳ báo cáo UBND tỉnh."
)


def test_lines_leave_bare_headings_out_and_keep_their_marks():
    lines = line_spans("kh", "II.2.1", TEXT)
    assert [(s.text[: s.mark], s.body[:12]) for s in lines] == [
        ("- ", "Tỷ lệ đô thị"), ("- ", "Đảm bảo cáp "), ("5. ", "Ban Tuyên gi"), ("", "Huy động các")]
    assert all(TEXT[s.start:s.end] == s.text for s in lines)


@pytest.mark.parametrize("line, sentences", [
    ("Huy động các nguồn lực... để thu hút đầu tư. Định kỳ báo cáo UBND tỉnh.",
     ["Huy động các nguồn lực... để thu hút đầu tư.", "Định kỳ báo cáo UBND tỉnh."]),  # "để" continues the sentence
    ("- Tỷ lệ đô thị hóa phấn đấu đạt trên 26%.", ["- Tỷ lệ đô thị hóa phấn đấu đạt trên 26%."]),
    ("1. Mục đích. Quán triệt sâu sắc.", ["1. Mục đích.", "Quán triệt sâu sắc."]),
])
def test_sentences(line, sentences):
    text = "Mở đầu.\n" + line  # offsets are the document's, not the line's
    found = sentence_spans(line_spans("kh", "x", text)[1])
    assert [s.text for s in found] == sentences
    assert all(text[s.start:s.end] == s.text for s in found)


def test_clauses_body_and_trimming_keep_offsets():
    line = line_spans("kh", "II.2.1", TEXT)[1]
    clauses = clause_spans(line)
    assert [c.text for c in clauses] == ["- Đảm bảo cáp quang phủ 100% hộ gia đình", "mạng 4G, 5G đạt 100%."]
    body = body_of(line)
    assert body.text.startswith("Đảm bảo") and TEXT[body.start:body.end] == body.text
    tail = trimmed(clauses[1], tail=" .")
    assert tail.text == "mạng 4G, 5G đạt 100%" and TEXT[tail.start:tail.end] == tail.text


def test_answer_units_are_clauses_and_the_whole_sentence_with_folded_tokens():
    start = TEXT.index("- Đảm bảo")
    end = TEXT.index("\n5.")
    chunk = Chunk("kh#II.2.1/0", "kh", "II.2.1", "Đến năm 2025", "", TEXT[start:end], "", start, end, 0)
    units = split_units(chunk, {"UBND": "Ủy ban nhân dân"})
    assert [u.text for u in units] == ["- Đảm bảo cáp quang phủ 100% hộ gia đình", "mạng 4G, 5G đạt 100%.",
                                       "- Đảm bảo cáp quang phủ 100% hộ gia đình; mạng 4G, 5G đạt 100%."]
    assert all(TEXT[u.start:u.end] == u.text and u.chunk is chunk for u in units)
    assert units[0].body == "Đảm bảo cáp quang phủ 100% hộ gia đình"
    assert {"cap", "quang", "cap_quang"} <= units[0].tokens
