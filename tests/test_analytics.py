"""Targets, timeline and responsibility matrix of the real plan, and of plans written the other
ways provincial plans are written. Every row must be checkable against its quote."""

import re

import pytest

from assistant.analytics.rows import TARGET_FIELDS, all_targets, to_csv
from assistant.analytics.targets import extract_targets
from assistant.analytics.tasks import responsibilities, timeline
from assistant.ingest.corpus import load_file

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


@pytest.fixture(scope="module")
def targets(plan):
    return extract_targets(plan)


@pytest.mark.parametrize("indicator, value, unit, horizon, section", [
    ("Tỷ lệ đô thị hóa", "26", "%", "2025", "II.2.1"),
    ("Tỷ lệ đô thị hóa", "32", "%", "2030", "II.2.2"),
    ("Diện tích sàn nhà ở bình quân đầu người tại khu vực đô thị", "28", "m²", "2025", "II.2.1"),
    ("Diện tích sàn nhà ở bình quân đầu người tại khu vực đô thị", "32", "m²", "2030", "II.2.2"),
    ("Tỉ lệ đất xây dựng đô thị trên tổng diện tích đất tự nhiên", "1,5-1,9", "%", "2025", "II.2.1"),
    ("Tỉ lệ đất giao thông trên đất xây dựng đô thị", "20", "%", "2030", "II.2.2"),
    ("Diện tích cây xanh bình quân trên mỗi người dân đô thị", "10", "m²", "2025", "II.2.1"),
    ("Phổ cập điện thoại di động thông minh", "70", "% người dân", "2025", "II.2.1"),
    ("Tỷ lệ dân số trưởng thành tại đô thị có tài khoản thanh toán điện tử", "80", "%", "2030", "II.2.2"),
    ("Phân loại đô thị: Thành phố Điện Biên Phủ", "loại II", "", "2025", "II.2.1"),
    ("Phân loại đô thị: Thị trấn Tuần Giáo", "loại IV", "", "2030", "II.2.2"),
    ("Đô thị mới", "A Pa Chải, huyện Mường Nhé", "", "2045", "II.2.3"),
])
def test_the_plans_targets_are_in_the_table(targets, indicator, value, unit, horizon, section):
    rows = [(t.indicator, t.value, t.unit, t.horizon, t.section_id) for t in targets]
    assert (indicator, value, unit, horizon, section) in rows


def test_every_target_of_the_goals_part_is_extracted(targets):
    by_horizon = {h: sum(t.horizon == h for t in targets) for h in ("2025", "2030", "2045")}
    assert by_horizon == {"2025": 12, "2030": 11, "2045": 4}
    assert all(t.section_id.startswith("II.2") for t in targets)


def test_every_number_in_a_target_row_is_in_its_quote_or_heading(plan, targets):
    text = plan.document.text
    for t in targets:
        assert text[t.start:t.end] == t.quote  # the quote is the document's exact text
        assert numbers(f"{t.indicator} {t.value} {t.unit}") <= numbers(t.quote), t
        assert t.horizon in t.heading, t  # the horizon comes from the section heading, shown beside it
        assert t.heading in text[plan.tree.get(t.section_id).start:]


def test_technology_generations_and_years_are_not_values(targets):
    assert not any(t.value in ("4", "5", "2025", "2030") for t in targets)


def test_timeline_has_the_quarter_three_2022_deadline_with_its_bodies(plan):
    rows = timeline(plan)
    first = rows[0]
    assert (first.when, first.kind, first.body, first.section_id) == (
        "Trong quý III/2022", "deadline", "Các huyện ủy, thị ủy, thành ủy", "V.4")
    assert first.task.startswith("Xây dựng, ban hành Chương trình hành động thực hiện Kế hoạch này")
    assert "quý III năm 2022" in first.quote


def test_timeline_dates_come_before_recurring_tasks_and_quote_the_document(plan):
    rows = timeline(plan)
    text = plan.document.text
    kinds = [r.kind for r in rows]
    assert kinds == sorted(kinds)  # "deadline" < "recurring"
    assert ("Trước năm 2030", "IV.3") in [(r.when, r.section_id) for r in rows]
    assert {r.section_id for r in rows if r.when == "Thường xuyên"} >= {"V.1", "V.2", "V.3", "V.5", "IV.2"}
    # "kế hoạch ... hằng năm" names a yearly plan; it does not make a task recurring
    assert not [r for r in rows if r.when == "Hằng năm"]
    for r in rows:
        assert text[r.start:r.end].strip() == r.quote
        assert numbers(r.when) <= numbers(r.quote)


def test_the_plan_names_no_2023_deadline(plan):
    # The issue mentions 2023 deadlines; this plan has none, and none is invented.
    assert not [r for r in timeline(plan) if "2023" in r.when]


def test_responsibility_matrix_reads_roles_from_the_assignments(plan):
    rows = {(r.body, r.role, r.section_id) for r in responsibilities(plan)}
    assert {
        ("Ban Tuyên giáo Tỉnh ủy", "chủ trì", "V.5"),
        ("Các cơ quan liên quan", "phối hợp", "V.5"),
        ("Đảng đoàn HĐND tỉnh", "lãnh đạo", "V.2"),
        ("HĐND tỉnh", "chỉ đạo", "V.2"),
        ("Ban cán sự đảng UBND tỉnh", "lãnh đạo", "V.3"),
        ("UBND tỉnh", "chỉ đạo", "V.3"),
        ("Các huyện ủy, thị ủy, thành ủy", "thực hiện", "V.4"),
        ("Mặt trận Tổ quốc", "thực hiện", "V.1"),
        ("Các cơ quan tham mưu, giúp việc của Tỉnh ủy", "thực hiện", "V.6"),
    } <= rows
    assert not any(r[2] == "closing" for r in rows)  # "Nơi nhận" lists recipients, not assignments


def test_responsibility_task_and_deadline_come_from_the_sentence(plan):
    row = next(r for r in responsibilities(plan) if r.body == "Ban Tuyên giáo Tỉnh ủy")
    assert row.task.startswith("Hướng dẫn việc quán triệt, tuyên truyền Nghị quyết số 06-NQ/TW")
    assert row.deadline == "Thường xuyên"
    assert plan.document.text[row.start:row.end].strip() == row.quote


OTHER_PLAN = """KẾ HOẠCH
triển khai Đề án nhà ở xã hội

I. MỤC TIÊU

1. Đến năm 2026

- Hoàn thành khoảng 1.500 căn hộ nhà ở xã hội.

- Tỷ lệ hộ gia đình có nhà ở kiên cố đạt trên 85%.

II. NHIỆM VỤ

1. Phát triển nhà ở

- Đầu tư xây dựng 500 căn hộ nhà ở xã hội trước năm 2025 tại các đô thị.

- UBND thành phố Điện Biên Phủ lập kế hoạch sử dụng đất (sơ kết 6 tháng đầu năm 2024).

III. TỔ CHỨC THỰC HIỆN

1. Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính và các cơ quan liên quan xây dựng Đề án (hoàn thành trong năm 2023). Định kỳ báo cáo UBND tỉnh hằng quý.

2. UBND các huyện, thị xã, thành phố có trách nhiệm bố trí quỹ đất (trong quý II/2024).
"""


@pytest.fixture()
def other_plan(tmp_path, settings):
    path = tmp_path / "ke-hoach-nha-o.txt"
    path.write_text(OTHER_PLAN, encoding="utf-8")
    return load_file(path, settings)


def test_a_plan_written_another_way_gives_its_targets(other_plan):
    rows = [(t.indicator, t.comparator, t.value, t.unit, t.horizon) for t in extract_targets(other_plan)]
    assert ("Tỷ lệ hộ gia đình có nhà ở kiên cố", "trên", "85", "%", "2026") in rows
    assert ("Hoàn thành", "khoảng", "1.500", "căn hộ nhà ở xã hội", "2026") in rows
    # a figure with its own year in the tasks part is a target too
    assert ("Đầu tư xây dựng", "", "500", "căn hộ nhà ở xã hội", "2025") in rows


def test_a_2023_deadline_and_a_giao_assignment_are_read(other_plan):
    rows = timeline(other_plan)
    assert [(r.when, r.body) for r in rows if r.kind == "deadline"] == [
        ("Trong năm 2023", "Sở Xây dựng"), ("6 tháng đầu năm 2024", "UBND thành phố Điện Biên Phủ"),
        ("Trong quý II/2024", "UBND các huyện, thị xã, thành phố"), ("Trước năm 2025", "")]
    recurring = [r for r in rows if r.kind == "recurring"]
    assert ("Định kỳ", "Sở Xây dựng") in [(r.when, r.body) for r in recurring]  # inherited subject
    matrix = {(r.body, r.role) for r in responsibilities(other_plan)}
    assert {("Sở Xây dựng", "chủ trì"), ("Sở Tài chính", "phối hợp"), ("Các cơ quan liên quan", "phối hợp"),
            ("UBND các huyện, thị xã, thành phố", "có trách nhiệm")} <= matrix


def test_csv_opens_in_excel_with_vietnamese_text(plan):
    text = to_csv([t.as_dict() for t in all_targets([plan])], TARGET_FIELDS)
    assert text.startswith("\ufeffindicator,comparator,value,unit,horizon,heading,doc_id,section_id,quote\n")
    assert "Tỷ lệ đô thị hóa,trên,26,%,2025,Đến năm 2025,kh-dienbien-nq06,II.2.1" in text
