"""The evaluation tab: run a question set from evals/questions/ or an uploaded one, show its
metrics, a chart by category and the failures, and offer report.json / report.md."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from assistant.app.files import upload_paths, workdir
from assistant.app.messages import vietnamese
from assistant.errors import AssistantError


def _question_sets_dir(settings) -> Path:
    return settings.evals_dir / "questions"


def question_sets(settings) -> list[str]:
    """Question sets under evals/questions/ (ASSISTANT_EVALS_DIR), by their path inside it."""
    folder = _question_sets_dir(settings)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml"))


FAILURE_COLUMNS = ["Mã", "Câu hỏi", "Trả lời", "Mục cần trích", "Mục đã trích"]
NO_FAILURES = pd.DataFrame(columns=FAILURE_COLUMNS)
METRIC_LABELS = {"retrieval_hit_at_k": "Tìm đúng mục (hit@k)", "mrr": "MRR", "citation_hit": "Trích dẫn đúng",
                 "answer_correct": "Trả lời đúng", "refusal_recall": "Từ chối đúng", "false_refusal_rate": "Từ chối nhầm",
                 "latency_ms_p50": "Độ trễ p50 (ms)", "latency_ms_p95": "Độ trễ p95 (ms)"}


def run_evaluation(assistant, chosen: str | None, uploaded, progress=None):
    """(summary markdown, per-category chart frame, failures frame, [report.json, report.md])."""
    from assistant.evaluation.questionset import load_question_set
    from assistant.evaluation.report import write_reports
    from assistant.evaluation.runner import evaluate

    path = upload_paths([uploaded])[0] if uploaded else (_question_sets_dir(assistant.settings) / chosen if chosen else None)
    empty = pd.DataFrame(columns=["Nhóm", "Chỉ số", "Giá trị"])
    if path is None:
        return "Hãy chọn một bộ câu hỏi hoặc tải lên tệp .yaml.", empty, NO_FAILURES, None
    if path.suffix.lower() not in (".yaml", ".yml"):
        return "Bộ câu hỏi phải là tệp .yaml (định dạng trong README, mục Evaluation).", empty, NO_FAILURES, None
    try:
        items = load_question_set(path, {p.doc_id: p.tree for p in assistant.corpus()})
        started = time.perf_counter()
        report = evaluate(assistant, items, k=5, mode=assistant.settings.search_mode, backend=assistant.settings.backend,
                          progress=progress)
    except AssistantError as exc:
        detail = str(exc).replace(str(path), path.name).replace("\n", "\n- ")
        if "YAML" in detail:
            detail = f"{path.name}: tệp không đọc được (sai cú pháp YAML hoặc không phải UTF-8)."
        return (f"Bộ câu hỏi không hợp lệ, chưa chạy câu nào. Hãy sửa tệp theo định dạng trong README (mục Evaluation):"
                f"\n- {detail}", empty, NO_FAILURES, None)
    except Exception as exc:
        return vietnamese(exc), empty, NO_FAILURES, None
    s = report["summary"]
    report["meta"] = {"question_set": path.name, "created": time.strftime("%Y-%m-%d %H:%M:%S"),
                      "index_build": assistant.index.build, "embedding_model": assistant.settings.embedding_model,
                      "backend": assistant.settings.backend, "mode": assistant.settings.search_mode, "k": 5}
    files = write_reports(report, workdir("report"))
    lines = [f"**{path.name}**: {s['n']} câu hỏi, {time.perf_counter() - started:.1f} giây", "",
             "| Chỉ số | Giá trị |", "|---|---|"]
    lines += [f"| {label} | {s.get(key)} |" for key, label in METRIC_LABELS.items() if key in s]
    by_category: dict[str, list[bool]] = {}
    for item in report["items"]:
        by_category.setdefault(item.get("category", ""), []).append(bool(item.get("passed")))
    chart = pd.DataFrame([{"Nhóm": cat, "Chỉ số": "Tỷ lệ đạt", "Giá trị": round(sum(v) / len(v), 3)}
                          for cat, v in sorted(by_category.items())], columns=["Nhóm", "Chỉ số", "Giá trị"])
    failures = pd.DataFrame([{"Mã": i["id"], "Câu hỏi": i["question"], "Trả lời": i.get("answer", "")[:300],
                              "Mục cần trích": ", ".join(i.get("expected_sections", [])),
                              "Mục đã trích": ", ".join(c.get("section_id", "") for c in i.get("citations", []))}
                             for i in report["items"] if not i.get("passed")],
                            columns=FAILURE_COLUMNS)
    return "\n".join(lines), chart, failures, [str(f) for f in files]
