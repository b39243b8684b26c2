"""report.json and a report.md a person can read: summary, categories, comparison, failures."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.files import atomic_write

_SUMMARY = [("n", "câu hỏi"), ("retrieval_hit_at_k", "retrieval hit@k"), ("mrr", "MRR"), ("citation_hit", "citation hit"),
            ("answer_correct", "answer correct"), ("refusal_accuracy", "refusal accuracy"),
            ("refusal_recall", "refusal recall"), ("false_refusal_rate", "false refusal rate"),
            ("latency_ms_p50", "latency p50 (ms)"), ("latency_ms_p95", "latency p95 (ms)")]


def write_reports(report: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "report.json", out_dir / "report.md"
    atomic_write(json_path, json.dumps(report, ensure_ascii=False, indent=1))
    atomic_write(md_path, markdown(report))
    return json_path, md_path


def _fmt(v) -> str:
    if v is None:
        return "–"
    return f"{v:.3f}" if isinstance(v, float) and v <= 1 else str(v)


def markdown(report: dict) -> str:
    meta, summary = report["meta"], report["summary"]
    lines = [f"# Evaluation report: {meta['question_set']}", "",
             f"{meta['created']} · backend `{meta['backend']}` · mode `{meta['mode']}` · k = {meta['k']} · "
             f"index build `{meta['index_build']}`" + (" · **LLM judge on**" if meta.get("judge") else ""), "",
             "## Summary", "", "| metric | value |", "|---|---|"]
    lines += [f"| {label} | {_fmt(summary.get(key))} |" for key, label in _SUMMARY]
    if "judge_faithfulness" in summary:
        lines += [f"| LLM-judged faithfulness (0–1) | {_fmt(summary['judge_faithfulness'])} |",
                  f"| LLM-judged relevance (0–1) | {_fmt(summary['judge_relevance'])} |"]
    if summary.get("judge_unreadable"):
        lines.append(f"| LLM judge replies unreadable (not scored) | {summary['judge_unreadable']} |")
    lines += ["", "## By category", "", "| category | n | hit@k | citation hit | answer correct | refusal accuracy |",
              "|---|---|---|---|---|---|"]
    for cat, r in summary["by_category"].items():
        lines.append(f"| {cat} | {r['n']} | {_fmt(r['retrieval_hit_at_k'])} | {_fmt(r['citation_hit'])} | "
                     f"{_fmt(r['answer_correct'])} | {_fmt(r['refusal_accuracy'])} |")
    comparison = report.get("comparison")
    if comparison:
        lines += ["", f"## Against the baseline (tolerance {comparison['tolerance']})", "",
                  "| metric | baseline | current | change | |", "|---|---|---|---|---|"]
        lines += [f"| {r['metric']} | {_fmt(r['baseline'])} | {_fmt(r['current'])} | {r['delta']:+} | {r['verdict']} |"
                  for r in comparison["metrics"]]
        if comparison["flipped"]:
            lines += ["", "Items that flipped:", ""]
            lines += [f"- `{f['id']}` now **{f['now']}**" + (f" ({', '.join(f['failed_checks'])})" if f["failed_checks"] else "")
                      for f in comparison["flipped"]]
        verdict = "REGRESSION: " + ", ".join(comparison["regressions"]) if comparison["regressions"] else "no regression"
        lines += ["", f"**{verdict}**"]
    failures = [i for i in report["items"] if not i["passed"]]
    lines += ["", f"## Failures ({len(failures)})", ""]
    for i in failures:
        failed = ", ".join(k for k, v in i["checks"].items() if v is False)
        cited = ", ".join(f"{c['doc_id']}#{c['section_id']}" for c in i["citations"]) or "–"
        retrieved = ", ".join(f"{r['section_id']}@{r['rank']}" for r in i["retrieved"]) or "–"
        expected = ", ".join(i["expected_sections"]) or "(decline)"
        lines += [f"### `{i['id']}` ({i['category']}) — failed: {failed}", "",
                  f"- question: {i['question']}", f"- expected: {expected}" +
                  (f"; must include: {', '.join(i['must_include'])}" if i["must_include"] else ""),
                  f"- answer{' (declined)' if i['refused'] else ''}: {i['answer']}",
                  f"- cited: {cited}", f"- retrieved: {retrieved}", ""]
    return "\n".join(lines) + "\n"
