"""The one figure grammar and the one date grammar, as tables: what each reader (answers,
targets, claim checks, timeline) takes a figure or a time in a plan's sentence to be."""

import pytest

from assistant.text.dates import DATE, find_times, horizon_year, time_mentions
from assistant.text.figures import (
    BOUND,
    CLAIM_NUMBER,
    RANK,
    DOC_NUMBER,
    FIGURE,
    SPELLED,
    URBAN_CLASS,
    VALUE,
    as_stated,
    count_pattern,
    is_measured,
    names_a_year,
)


@pytest.mark.parametrize("text, stated, low, high, unit, comparator", [
    ("tỷ lệ đô thị hóa phấn đấu đạt trên 26%", "trên 26%", "26", None, "%", "trên"),
    ("diện tích sàn nhà ở bình quân đạt tối thiểu 32 m² sàn/người", "tối thiểu 32 m²", "32", None, "m²", "tối thiểu"),
    ("thu nhập bình quân 1,5-1,9 triệu đồng", "1,5-1,9 triệu đồng", "1,5", "1,9", "triệu đồng", None),
    ("hoàn thành 500 căn hộ nhà ở xã hội", "500 căn hộ", "500", None, "căn hộ", None),
    ("không dưới 70% hộ gia đình", "không dưới 70%", "70", None, "%", "không dưới"),
    ("đạt 80% các xã", "80%", "80", None, "%", None),
    ("tăng gần 2 lần", "gần 2 lần", "2", None, "lần", "gần"),
])
def test_a_figure_reads_with_its_comparator_range_and_unit(text, stated, low, high, unit, comparator):
    m = FIGURE.search(text)
    assert (as_stated(m), m["low"], m["high"], m["unit"], m["cmp"]) == (stated, low, high, unit, comparator)
    assert is_measured(m)
    value = VALUE.search(text)  # the targets table reads the same value
    assert (value["low"], value["unit"], value["cmp"]) == (low, unit, comparator)


@pytest.mark.parametrize("text", ["mạng 4G", "Km15+800", "Quy hoạch tỷ lệ 1/500", "thực hiện Nghị quyết 06"])
def test_a_number_without_unit_or_comparator_is_no_target_value(text):
    assert VALUE.search(text) is None
    assert not any(is_measured(m) for m in FIGURE.finditer(text))


@pytest.mark.parametrize("text, year", [("đến năm 2025", True), ("trước 2030", True), ("2025 năm", True),
                                        ("trong 5 năm", False), ("trên 2025 người", False)])
def test_a_year_is_a_date_not_a_figure(text, year):
    m = FIGURE.search(text)
    assert names_a_year(m) is year


@pytest.mark.parametrize("text, found", [
    ("thành phố Điện Biên Phủ đạt tiêu chí đô thị loại II", "đô thị loại II"),
    ("thị xã Mường Lay đạt tiêu chí đô thị loại IV;", "đô thị loại IV"),
    ("Loại V", "Loại V"),
    ("đô thị loại đặc biệt", "đô thị loại đặc biệt"),
    ("các loại đất, loại cây trồng", None),
    ("loại văn bản", None),
])
def test_urban_classes(text, found):
    m = URBAN_CLASS.search(text)
    assert (m.group(0) if m else None) == found


@pytest.mark.parametrize("text, numbers", [
    ("Nghị quyết số 06-NQ/TW, ngày 24/01/2022", ["06-NQ/TW"]),  # document numbers first, whole
    ("ngày 24/01/2022 của Bộ Chính trị", []),
    ("Nghị định 30/2020/NĐ-CP", ["30/2020/NĐ-CP"]),
])
def test_document_numbers_stay_whole(text, numbers):
    assert [m.group(0) for m in DOC_NUMBER.finditer(text)] == numbers


@pytest.mark.parametrize("text, numbers", [
    ("ngày 24/01/2022, tỷ lệ 1/500", ["24/01/2022", "1/500"]),  # dates and ratios stay whole
    ("đạt 1,5 - 1,9 lần", ["1,5 - 1,9"]),
    ("trên 26 %", ["26 %"]),
    ("4G, 5G", ["4", "5"]),
])
def test_every_number_a_claim_could_invent(text, numbers):
    assert [m.group(0).strip() for m in CLAIM_NUMBER.finditer(text)] == numbers


@pytest.mark.parametrize("text, spelled", [
    ("đạt hai mươi sáu phần trăm", ["hai mươi sáu phần trăm"]),
    ("Ba mươi hai mét vuông", ["Ba mươi hai"]),
    ("năm học mới", []),  # "năm" alone is the year, not five
])
def test_spelled_numbers(text, spelled):
    assert [m.group(0) for m in SPELLED.finditer(text)] == spelled


@pytest.mark.parametrize("text, written, kind", [
    ("ban hành Chương trình hành động (trong quý III năm 2022)", "trong quý III năm 2022", "deadline"),
    ("hoàn thành trước năm 2030", "hoàn thành trước năm 2030", "deadline"),
    ("Đến năm 2025, tỷ lệ đô thị hóa đạt trên 26%", "Đến năm 2025", "horizon"),
    ("giai đoạn 2021-2025, định hướng đến năm 2030", "đến năm 2030", "horizon"),
    ("kế hoạch thực hiện hằng năm ... (thực hiện thường xuyên)", "thực hiện thường xuyên", "recurring"),
    ("tổ chức kiểm tra hằng năm", "hằng năm", "recurring"),
])
def test_what_a_when_question_is_answered_with(text, written, kind):
    first = time_mentions(text)[0]
    assert (text[first.start:first.end], first.kind) == (written, kind)


def test_a_horizon_is_no_deadline():
    text = "Chiến lược phát triển nhà ở quốc gia đến năm 2030"
    assert find_times(text) == [] and [w.kind for w in time_mentions(text)] == ["horizon"]


@pytest.mark.parametrize("text, year", [
    ("phấn đấu đến năm 2030 đạt 100%", "2030"),
    ("hoàn thành 500 căn hộ trước năm 2025", "2025"),
    ("từ năm 2021", ""),  # where a period starts is not what it aims at
    ("trong quý III năm 2022", ""),
    ("mạng 5G", ""),
])
def test_the_year_a_clause_aims_at(text, year):
    assert horizon_year(text) == year


@pytest.mark.parametrize("text, dates", [
    ("Nghị quyết số 06-NQ/TW, ngày 24/01/2022", ["24/01/2022"]),
    ("chậm nhất ngày 30/6/2023", ["30/6/2023"]),
    ("tỷ lệ 1/500", []),
])
def test_dates_as_written(text, dates):
    assert [m.group(0) for m in DATE.finditer(text)] == dates


@pytest.mark.parametrize("text, low, unit", [
    ("hình thành ít nhất 20 mô hình sản xuất nông nghiệp tuần hoàn", "20", "mô hình"),
    ("hình thành ít nhất 02 vùng nuôi thủy sản thông minh", "02", "vùng"),
    ("đào tạo 3.000 lượt nhân lực về ứng dụng công nghệ", "3.000", "lượt"),
    ("triển khai 05 dự án trọng điểm", "05", "dự án"),
    ("xây dựng Điều 3 quy chế", None, None),  # a number that names something counts nothing
    ("nghị định số 57 của chính phủ", None, None),
])
def test_a_count_of_things_is_a_value_with_its_noun_as_unit(text, low, unit):
    m = count_pattern().search(text)
    assert (m["low"] if m else None) == low
    assert (m["unit"] if m else None) == unit


@pytest.mark.parametrize("text, found", [
    ("chỉ số phát triển con người (hdi) duy trì trên 0,7.", "trên 0,7"),
    ("tỉ lệ khai thác thương mại đạt từ 8 - 10", "từ 8 - 10"),
    ("đạt trên 26 trong số các tỉnh khác", None),  # the clause goes on: a bare number mid-clause is no value
])
def test_a_bare_figure_with_a_comparator_ending_its_clause_is_a_value(text, found):
    m = BOUND.search(text)
    assert (text[m.start("cmp"):m.end()] if m else None) == found


@pytest.mark.parametrize("text, values", [
    ("việt nam thuộc nhóm 4 nước dẫn đầu hiệp hội các quốc gia đông nam á (asean) và nhóm 60 nước dẫn đầu thế giới vào năm 2028",
     ["nhóm 4 nước dẫn đầu hiệp hội các quốc gia đông nam á (asean)", "nhóm 60 nước dẫn đầu thế giới"]),
    ("trở thành địa phương thuộc top 03 vùng đồng bằng sông cửu long về đổi mới công nghệ", ["top 03 vùng đồng bằng sông cửu long"]),
    ("thuộc nhóm dẫn đầu trong các nước có thu nhập trung bình cao", []),  # no place in the ranking is given
    ("nhóm 1 gồm các xã vùng cao", []),  # a group, not a ranking
])
def test_a_place_in_a_ranking_reads_up_to_where_the_clause_goes_on(text, values):
    assert [m["value"] for m in RANK.finditer(text)] == values
