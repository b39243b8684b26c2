"""The claim checker on the real plan, as tables: a generated answer sentence and a drafted
paragraph are held to the same rules (the claim is in the cited text; a figure said of a year
comes from a quote of that year), with the plan's own chunks and quotes as evidence."""

import pytest

from assistant.model import Block, Draft, Footnote
from assistant.text.units import UnitIndex
from assistant.verify.answers import check_sentence
from assistant.verify.claims import fits_horizon
from assistant.verify.drafts import verify_draft

TARGET_2025 = "Tỷ lệ đô thị hóa phấn đấu đạt trên 26%."
TARGET_2030 = "Tỷ lệ đô thị hóa phấn đấu đạt trên 32%."


@pytest.fixture(scope="module")
def units(plan):
    return UnitIndex(list(plan.chunks))


@pytest.fixture(scope="module")
def goals(plan):
    """The first chunks of "2.1. Đến năm 2025" and "2.2. Định hướng đến năm 2030", numbered [1], [2]."""
    return [next(c for c in plan.chunks if c.section_id == sid) for sid in ("II.2.1", "II.2.2")]


@pytest.fixture(scope="module")
def footnotes(plan):
    text = plan.document.text

    def note(n, quote, section_id, heading):
        start = text.index(quote)
        return Footnote(n, plan.doc_id, section_id, f"Kế hoạch 06 Điện Biên — Mục {section_id} ({heading})", quote,
                        start, start + len(quote), heading=heading)

    return (note(1, TARGET_2025, "II.2.1", "Đến năm 2025"), note(2, TARGET_2030, "II.2.2", "Định hướng đến năm 2030"))


@pytest.mark.parametrize("stated, heading, quote, fits", [
    ({"2030"}, "Đến năm 2025", TARGET_2025, False),
    ({"2025"}, "Đến năm 2025", TARGET_2025, True),
    (set(), "Đến năm 2025", TARGET_2025, True),  # a statement of no year may quote any
    ({"2030"}, "Nhiệm vụ", "hoàn thành 500 căn hộ trước năm 2025", False),  # the quote's own year counts
    ({"2030"}, "Nhiệm vụ", "hoàn thành 500 căn hộ", True),  # evidence of no year is no contradiction
    ({"2025", "2030"}, "Định hướng đến năm 2030", TARGET_2030, True),
])
def test_the_one_year_rule(stated, heading, quote, fits):
    assert fits_horizon(frozenset(stated), heading, quote) is fits


# (statement, what is wrong with it or "" when it may be shown)
STATEMENTS = [
    ("Tỷ lệ đô thị hóa phấn đấu đạt trên 26%", ""),
    ("Đến năm 2025, tỷ lệ đô thị hóa phấn đấu đạt trên 26%", ""),
    ("Đến năm 2030, tỷ lệ đô thị hóa phấn đấu đạt trên 32%", ""),
    ("Đến năm 2030, tỷ lệ đô thị hóa phấn đấu đạt trên 26%", "another year"),  # the 2025 figure said of 2030
    ("Đến năm 2030, tỷ lệ đô thị hóa phấn đấu đạt trên 45%", "not in"),  # a figure no quote states
    ("Tỷ lệ đô thị hóa của Sơn La đạt trên 26%", "not in"),  # a name no quote states
]


@pytest.mark.parametrize("statement, wrong", STATEMENTS)
def test_a_generated_answer_sentence(statement, wrong, goals, units):
    problem = check_sentence(statement + " [1] [2].", goals, units)
    assert bool(problem) is bool(wrong), problem


@pytest.mark.parametrize("statement, wrong", STATEMENTS)
def test_a_drafted_paragraph_is_held_to_the_same_rules(statement, wrong, footnotes):
    draft = Draft("tin-bai", "đô thị hóa", "", (Block("paragraph", statement + " [1] [2]."),), footnotes)
    problems = verify_draft(draft, {})
    assert bool(problems) is bool(wrong), problems
    if wrong == "another year":
        assert "another year" in " ".join(problems)


def test_an_answer_sentence_must_cite(goals, units):
    assert "without citing" in check_sentence("Tỷ lệ đô thị hóa phấn đấu đạt trên 26%.", goals, units)
    assert check_sentence("Kế hoạch nêu nhiều mục tiêu [1].", goals, units) == ""  # nothing to check, nothing wrong


def test_a_true_figure_from_another_bullet_is_still_wrong(goals, units):
    """100% is in the 2025 chunk, but of the plans for every town, not of urbanisation."""
    problem = check_sentence("Tỷ lệ đô thị hóa phấn đấu đạt 100% [1].", goals, units)
    assert "does not come from a passage about this statement" in problem


def test_a_heading_cannot_state_a_target_and_a_question_rests_on_its_answer(footnotes):
    blocks = (Block("heading", "Tỷ lệ đô thị hóa 26%", "I."),
              Block("question", "Đến năm 2025, tỷ lệ đô thị hóa đạt bao nhiêu?", "Câu 1."),
              Block("answer", TARGET_2025.rstrip(".") + " [1].", "Trả lời:"))
    problems = verify_draft(Draft("hoi-dap", "đô thị hóa", "", blocks, footnotes[:1]), {})
    assert len(problems) == 1 and "'26%'" in problems[0] and "Tỷ lệ đô thị hóa 26%" in problems[0]
