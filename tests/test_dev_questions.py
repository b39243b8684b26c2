"""The dev question set agrees with the corpus: every expected section exists and holds the
strings an answer must include, so a failing eval is the assistant's fault, not the data's."""

from pathlib import Path

import pytest
import yaml

from assistant.config import PROJECT_ROOT
from assistant.text.normalize import match_key

DEV = PROJECT_ROOT / "evals" / "questions" / "dev.yaml"
FIELDS = {"id", "question", "answerable", "expected_sections", "must_include", "category"}
QUESTIONS = yaml.safe_load(Path(DEV).read_text(encoding="utf-8"))


def test_dev_set_passes_the_eval_validation(plan):
    from assistant.evaluation.questionset import load_question_set

    assert len(load_question_set(DEV, {plan.doc_id: plan.tree})) == len(QUESTIONS)


def test_dev_set_is_large_and_covers_every_section(plan):
    assert len(QUESTIONS) >= 60
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)
    cited = {ref.split("#", 1)[1] for q in QUESTIONS for ref in q.get("expected_sections", [])}
    leaves = {s.id for s in plan.tree if not plan.tree.children(s.id)}
    assert leaves - cited == set()
    assert sum(1 for q in QUESTIONS if q.get("answerable", True) is False) >= 8
    for category in ("numeric", "list", "deadline", "responsibility", "paraphrase", "no-diacritics", "abbreviation", "english"):
        assert any(q["category"] == category for q in QUESTIONS), category


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q["id"])
def test_question_is_consistent_with_the_plan(q, plan):
    assert set(q) <= FIELDS and q["question"].strip()
    if q.get("answerable", True) is False:
        assert not q.get("expected_sections") and not q.get("must_include")
        return
    texts = []
    for ref in q["expected_sections"]:
        doc_id, section_id = ref.split("#", 1)
        assert doc_id == plan.doc_id
        section = plan.tree.get(section_id)
        assert section is not None, ref
        texts.append(match_key(plan.document.text[section.start : section.end]))
    for needle in q["must_include"]:
        assert any(match_key(needle) in t for t in texts), needle
