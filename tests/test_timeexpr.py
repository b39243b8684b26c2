"""Deadlines and recurrences as plans write them, and dates that are not deadlines."""

import pytest

from assistant.text.dates import find_times


@pytest.mark.parametrize("text, label, kind", [
    ("ban hành Chương trình hành động (trong quý III năm 2022), phấn đấu", "Trong quý III/2022", "deadline"),
    ("hoàn thành trong quý 3/2024", "Trong quý III/2024", "deadline"),
    ("giai đoạn 1 hoàn thành trước năm 2030", "Trước năm 2030", "deadline"),
    ("xây dựng đề án (năm 2023)", "Năm 2023", "deadline"),
    ("hoàn thành trong năm 2023", "Trong năm 2023", "deadline"),
    ("báo cáo chậm nhất ngày 30/6/2023", "Chậm nhất ngày 30/6/2023", "deadline"),
    ("trình UBND tỉnh trong tháng 06/2023", "Trong tháng 06/2023", "deadline"),
    ("tổ chức quán triệt (thực hiện thường xuyên)", "Thường xuyên", "recurring"),
    ("Thường xuyên cập nhật hồ sơ địa chính", "Thường xuyên", "recurring"),
    ("báo cáo hàng quý", "Hằng quý", "recurring"),
    ("Định kỳ rà soát, điều chỉnh quy hoạch", "Định kỳ", "recurring"),
    ("Định kỳ 6 tháng báo cáo Ban Thường vụ", "Định kỳ 6 tháng", "recurring"),
    ("sơ kết 6 tháng đầu năm 2023", "6 tháng đầu năm 2023", "deadline"),
    ("tổ chức kiểm tra hằng năm", "Hằng năm", "recurring"),
])
def test_deadlines_and_recurrences_are_found(text, label, kind):
    found = find_times(text)
    assert [(w.label, w.kind) for w in found] == [(label, kind)]
    assert text.lower()[found[0].start:found[0].end].strip()  # the span points into the text


@pytest.mark.parametrize("text", [
    "Nghị quyết số 06-NQ/TW, ngày 24/01/2022 của Bộ Chính trị",  # a document's date
    "Chiến lược phát triển nhà ở quốc gia đến năm 2030, tầm nhìn đến năm 2045",  # a strategy's horizon
    "Quy hoạch tỉnh Điện Biên thời kỳ 2021- 2030",
    "giai đoạn 2021-2025, định hướng đến năm 2030",
    "mạng 4G, 5G đạt 100%",
    "trong 6 tháng",  # a duration, not a recurrence
    "kế hoạch phát triển kinh tế - xã hội hằng năm của tỉnh",  # a yearly plan, not a recurring task
])
def test_dates_that_are_not_deadlines_are_ignored(text):
    assert find_times(text) == []


def test_deadlines_sort_in_calendar_order():
    found = [find_times(t)[0] for t in ("trước năm 2030", "trong quý III năm 2022", "chậm nhất ngày 30/6/2023")]
    assert [w.label for w in sorted(found, key=lambda w: w.sort)] == [
        "Trong quý III/2022", "Chậm nhất ngày 30/6/2023", "Trước năm 2030"]


@pytest.mark.parametrize("heading, year", [
    ("Giai đoạn 2025 - 2030", 2030),
    ("Giai đoạn 2031-2035:", 2035),
    ("Năm 2026", 2026),
    ("Mục tiêu đến năm 2030", None),  # says more than a time: a goal's horizon, not a phase
    ("Đến năm 2030", None),
    ("Nhiệm vụ trọng tâm", None),
])
def test_a_heading_that_is_only_a_period_is_a_phase(heading, year):
    from assistant.text.dates import phase_of

    phase = phase_of(heading)
    assert (phase.year if phase else None) == year
    if phase:
        assert phase.label == heading.strip(" :")  # as printed


@pytest.mark.parametrize("text", [
    "bố trí từ nguồn kinh phí chi thường xuyên của Thành phố",
    "nguồn kinh phí thường xuyên được giao",
])
def test_the_recurrent_budget_is_no_recurrence(text):
    assert find_times(text) == []


@pytest.mark.parametrize("text, stated", [
    ("thực hiện nghiêm Chỉ thị số 05/CT-TTg ngày 18/5/2022 của Thủ tướng Chính phủ", set()),
    ("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị", set()),
    ("hoàn thành trước năm 2030; giai đoạn 2026-2030", {"2026", "2030"}),
    ("theo Kế hoạch số 139/KH-UBND ngày 16/5/2025, hoàn thành trong năm 2026", {"2026"}),
])
def test_the_years_a_text_states_are_not_the_dates_of_documents_it_cites(text, stated):
    from assistant.text.dates import time_mentions, years_stated

    assert years_stated(text) == stated
    assert {str(w.year) for w in time_mentions(text) if w.year} <= stated
