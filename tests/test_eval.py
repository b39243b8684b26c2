"""`assistant eval`: metrics on questions with known outcomes, validation, baselines, CI gate."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from assistant.config import PROJECT_ROOT
from tests.fake_llm import FakeLLM

KNOWN = [
    {"id": "good", "question": "Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?",
     "expected_sections": ["kh-dienbien-nq06#II.2"], "must_include": ["26%"], "category": "numeric"},
    {"id": "wrong-section", "question": "Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?",
     "expected_sections": ["kh-dienbien-nq06#closing"], "must_include": ["26%"], "category": "numeric"},
    {"id": "missing-string", "question": "Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?",
     "expected_sections": ["kh-dienbien-nq06#II.2.1"], "must_include": ["99%"], "category": "numeric"},
    {"id": "declined-but-answerable", "question": "Thời tiết ở Điện Biên Phủ ngày mai thế nào?",
     "expected_sections": ["kh-dienbien-nq06#II.2.1"], "category": "trap"},
    {"id": "answered-but-unanswerable", "question": "Đến năm 2030, tỷ lệ đô thị hóa đạt bao nhiêu?",
     "answerable": False, "category": "trap"},
    {"id": "declined", "question": "Tổng vốn đầu tư thực hiện Kế hoạch là bao nhiêu tỷ đồng?", "answerable": False,
     "category": "unanswerable"},
]


def run(args, index_dir, extra_env=None):
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), **(extra_env or {})}
    return subprocess.run([sys.executable, "-m", "assistant", "eval", *map(str, args)], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, timeout=600)


@pytest.fixture(scope="module")
def known_report(built_assistant, tmp_path_factory):
    folder = tmp_path_factory.mktemp("eval")
    qs = folder / "known.yaml"
    qs.write_text(yaml.safe_dump(KNOWN, allow_unicode=True), encoding="utf-8")
    result = run([qs, "--out", folder / "out"], built_assistant.settings.index_dir)
    assert result.returncode == 0, result.stderr
    return qs, folder / "out", json.loads((folder / "out" / "report.json").read_text(encoding="utf-8"))


def test_each_metric_fails_exactly_where_it_should(known_report):
    _, _, report = known_report
    items = {i["id"]: i for i in report["items"]}
    assert items["good"]["passed"] and items["declined"]["passed"]
    assert items["wrong-section"]["checks"] == {"refusal": True, "retrieval_hit": False, "citation_hit": False,
                                                "must_include": True, "answer_correct": False}
    assert items["missing-string"]["checks"]["must_include"] is False and items["missing-string"]["checks"]["citation_hit"]
    assert items["declined-but-answerable"]["checks"]["refusal"] is False
    assert items["answered-but-unanswerable"]["checks"] == {"refusal": False}
    s = report["summary"]
    assert (s["n"], s["n_answerable"], s["n_unanswerable"]) == (6, 4, 2)
    assert s["answer_correct"] == 0.25 and s["citation_hit"] == 0.5
    answerable = [i for i in report["items"] if i["answerable"]]
    assert s["retrieval_hit_at_k"] == sum(i["checks"]["retrieval_hit"] for i in answerable) / 4
    assert items["good"]["checks"]["retrieval_hit"]  # the descendant rule: II.2.1 satisfies II.2
    assert s["refusal_recall"] == 0.5 and s["false_refusal_rate"] == 0.25
    assert s["refusal_accuracy"] == round(4 / 6, 4)
    assert set(s["by_category"]) == {"numeric", "trap", "unanswerable"}
    assert items["good"]["retrieved"][0] == {"doc_id": "kh-dienbien-nq06", "section_id": "II.2.1", "rank": 1}


def test_markdown_report_lists_failures_for_a_person(known_report):
    _, out, _ = known_report
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Summary" in md and "## By category" in md and "## Failures (4)" in md
    assert "### `wrong-section` (numeric) — failed: retrieval_hit, citation_hit, answer_correct" in md
    assert "- expected: kh-dienbien-nq06#closing; must include: 26%" in md


def test_same_baseline_passes_and_a_better_baseline_is_a_regression(known_report, built_assistant, tmp_path):
    qs, out, report = known_report
    same = run([qs, "--out", tmp_path / "same", "--baseline", out / "report.json"], built_assistant.settings.index_dir)
    assert same.returncode == 0 and "no regression" in same.stdout
    better = json.loads(json.dumps(report))
    better["summary"]["answer_correct"] = 0.5
    next(i for i in better["items"] if i["id"] == "missing-string")["passed"] = True
    (tmp_path / "better.json").write_text(json.dumps(better), encoding="utf-8")
    worse = run([qs, "--out", tmp_path / "worse", "--baseline", tmp_path / "better.json"], built_assistant.settings.index_dir)
    assert worse.returncode == 1 and "REGRESSION" in worse.stderr and "answer_correct" in worse.stderr
    assert "flipped: missing-string now fail" in worse.stdout
    md = (tmp_path / "worse" / "report.md").read_text(encoding="utf-8")
    assert "**REGRESSION: answer_correct, items now failing: missing-string**" in md and "`missing-string` now **fail**" in md
    tolerated = run([qs, "--out", tmp_path / "tol", "--baseline", tmp_path / "better.json", "--tolerance", "0.3"],
                    built_assistant.settings.index_dir)
    assert tolerated.returncode == 0


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([{"id": "a", "question": "x?", "expected_sections": ["kh-dienbien-nq06#I"], "colour": "red"}], "a: colour: extra inputs"),
        ([{"id": "a", "question": "x?", "expected_sections": ["kh-dienbien-nq06#I"]}] * 2, "a: duplicate id"),
        ([{"id": "a", "question": "   ", "expected_sections": ["kh-dienbien-nq06#I"]}], "a: question: value error, must not be empty"),
        ([{"id": "a", "question": "x?", "expected_sections": ["II.2.1"]}], "a: section reference 'II.2.1' is not of the form"),
        ([{"id": "a", "question": "x?", "expected_sections": ["nq-06#I"]}], "a: unknown document 'nq-06'"),
        ([{"id": "a", "question": "x?", "expected_sections": ["kh-dienbien-nq06#II.9"]}], "a: document 'kh-dienbien-nq06' has no section 'II.9'"),
        ([{"id": "a", "question": "x?", "answerable": False, "must_include": ["26%"]}], "a: an unanswerable question cannot have"),
        ({"id": "a"}, "expected a non-empty YAML list"),
    ],
)
def test_malformed_question_sets_are_refused_before_anything_runs(built_assistant, tmp_path, rows, expected):
    qs = tmp_path / "bad.yaml"
    qs.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    result = run([qs, "--out", tmp_path / "out"], built_assistant.settings.index_dir)
    assert result.returncode == 2 and expected in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_every_problem_is_listed_at_once(built_assistant, tmp_path):
    rows = [{"id": "a", "question": "", "expected_sections": ["x"]}, {"id": "b", "question": "y?", "expected_sections": ["kh-dienbien-nq06#IX"]}]
    qs = tmp_path / "bad.yaml"
    qs.write_text(yaml.safe_dump(rows), encoding="utf-8")
    result = run([qs], built_assistant.settings.index_dir)
    assert result.returncode == 2 and "3 problem(s)" in result.stderr and "a: question" in result.stderr
    assert "a: section reference 'x'" in result.stderr and "b: document" in result.stderr


def test_llm_judge_is_optional_and_labelled(known_report, built_assistant, tmp_path):
    qs, _, _ = known_report
    with FakeLLM(lambda messages: '{"faithfulness": 0.9, "relevance": 1}') as fake:
        result = run([qs, "--out", tmp_path / "j", "--judge"], built_assistant.settings.index_dir,
                     {"ASSISTANT_OPENAI_BASE_URL": fake.base_url, "ASSISTANT_OPENAI_MODEL": "judge"})
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "j" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["judge_faithfulness"] == 0.9 and report["meta"]["judge"] is True
    assert "LLM judge on" in (tmp_path / "j" / "report.md").read_text(encoding="utf-8")
    assert report["summary"]["judge_unreadable"] == 0


@pytest.mark.parametrize("reply", [
    "Câu trả lời trung thực, điểm cao.",                    # prose, no JSON at all
    'Điểm: {"faithfulness": 0.9, "relevance": 1}',          # JSON wrapped in prose: not what was asked for
    '{"faithfulness": 1.7, "relevance": 1}',                # outside 0..1
    '{"faithfulness": 0.8}',                                # a score missing
])
def test_an_unreadable_judge_reply_scores_none_not_zero(built_assistant, reply):
    from assistant.evaluation.judge import make_judge

    question = "Đến năm 2025, tỷ lệ đô thị hóa của tỉnh phấn đấu đạt bao nhiêu?"
    answer = built_assistant.ask(question)
    with FakeLLM(lambda messages: reply) as fake:
        judge = make_judge(built_assistant.settings.with_(openai_base_url=fake.base_url, openai_model="judge"))
        assert judge(question, answer) is None
        assert len(fake.requests) == 1  # asked once, not retried into a different answer


def test_unreadable_judge_replies_are_counted_and_left_out_of_the_averages():
    from assistant.evaluation.report import markdown
    from assistant.evaluation.runner import summarise

    def item(n, judge):
        return {"id": f"q{n}", "answerable": True, "category": "numeric", "latency_ms": 10.0, "refused": False,
                "first_relevant_rank": 1, "checks": {"retrieval_hit": True}, "judge": judge}

    summary = summarise([item(1, {"faithfulness": 1.0, "relevance": 0.5}), item(2, None),
                         item(3, {"faithfulness": 0.5, "relevance": 0.5})])
    assert (summary["judge_faithfulness"], summary["judge_relevance"], summary["judge_unreadable"]) == (0.75, 0.5, 1)
    report = {"meta": {"question_set": "x", "created": "now", "backend": "extractive", "mode": "hybrid", "k": 5,
                       "index_build": "b", "judge": True}, "summary": summary, "items": []}
    assert "| LLM judge replies unreadable (not scored) | 1 |" in markdown(report)


def test_dev_set_does_not_regress_against_the_committed_baseline(built_assistant, tmp_path):
    """The CI gate: a change that makes the dev set worse cannot land."""
    result = run([PROJECT_ROOT / "evals" / "questions" / "dev.yaml", "--out", tmp_path / "dev",
                  "--baseline", PROJECT_ROOT / "evals" / "baseline.json"], built_assistant.settings.index_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no regression" in result.stdout


@pytest.mark.parametrize(
    "baseline, expected",
    [
        ({"summary": {}, "items": [{"id": "good"}]}, "every item needs an 'id' and a 'passed' flag"),
        ({"summary": [], "items": []}, "needs a 'summary' object"),
        ({"summary": {"answer_correct": "high"}, "items": []}, "summary 'answer_correct' is not a number"),
    ],
)
def test_malformed_baseline_is_a_clear_error(known_report, built_assistant, tmp_path, baseline, expected):
    qs, _, _ = known_report
    (tmp_path / "b.json").write_text(json.dumps(baseline), encoding="utf-8")
    result = run([qs, "--out", tmp_path / "o", "--baseline", tmp_path / "b.json"], built_assistant.settings.index_dir)
    assert result.returncode == 1 and expected in result.stderr and "Traceback" not in result.stderr


def test_baseline_of_another_question_set_is_refused(known_report, built_assistant, tmp_path):
    qs, _, _ = known_report
    result = run([qs, "--out", tmp_path / "o", "--baseline", PROJECT_ROOT / "evals" / "baseline.json"],
                 built_assistant.settings.index_dir)
    assert result.returncode == 1 and "made with other inputs" in result.stderr and "question_set_sha256" in result.stderr


def test_an_item_that_starts_failing_is_a_regression_even_if_rates_do_not_move(known_report):
    from assistant.evaluation.runner import compare

    _, _, report = known_report
    baseline = json.loads(json.dumps(report))
    by_id = {i["id"]: i for i in baseline["items"]}
    by_id["missing-string"]["passed"] = True  # passed before, fails now
    by_id["good"]["passed"] = False  # failed before, passes now
    result = compare(report, baseline, tolerance=0.0)
    assert result["regressions"] == ["items now failing: missing-string"]


def test_a_judge_model_without_structured_output_is_parsed_against_the_same_schema(built_assistant, monkeypatch):
    # Chat models that cannot bind a schema (with_structured_output raises NotImplementedError)
    # get the JSON reply parsed and checked against JudgeScores instead.
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.evaluation import judge as judge_module
    from assistant.model import Answer

    replies = ['{"faithfulness": 0.8, "relevance": 1}', '{"faithfulness": 3, "relevance": 1}']
    monkeypatch.setattr(judge_module, "make_chat_model", lambda settings, backend: FakeListChatModel(responses=replies))
    judge = judge_module.make_judge(built_assistant.settings)
    answer = Answer("Trên 26%.", [])
    assert judge("Tỷ lệ đô thị hóa?", answer) == {"faithfulness": 0.8, "relevance": 1.0}
    assert judge("Tỷ lệ đô thị hóa?", answer) is None  # out of the schema's range: not scored
