"""Check hand-written plan-analytics gold files against the documents they annotate.

    python evals/gold/check_gold.py [GOLD.yaml ...]      (default: every evals/gold/analytics/*.yaml)

A gold file lists, for one document, the quantitative targets, the timeline of dated or recurring
tasks and the responsibilities (body -> task, with a role) that a careful reader finds in it:

    doc_id: nq03-cp
    notes: what was counted and what was left out
    targets:          [{indicator, value, unit, horizon}]
    timeline:         [{when, task}]
    responsibilities: [{body, role, task}]

Any row may carry `optional: true`: a judgment call (a qualitative row of an indicator table, a
body named only as "phối hợp với X", ...) that a scorer should neither reward as a hit nor punish
as a miss. Optional rows are checked like the others.

Checks, so that matching extracted rows to gold rows is unambiguous:
- doc_id names a document of one of the corpora below (its manifest gives the file);
- every `indicator`, `value`, `when`, `task` and `body` is a non-empty exact substring of the
  document's text as published, after collapsing each whitespace run to one space on both sides
  (the published texts are hard-wrapped mid-sentence); nothing else is normalised, so markup that
  the text carries ("**", "\\-") must be in the string or the string must avoid it;
- `role` is one of ROLES; `horizon` is a four-digit year or ""; `unit` is a string;
- no row is listed twice in the same section.

Prints every problem with its file and row and exits 1 if there is any, 0 otherwise.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
GOLD_DIR = PROJECT_ROOT / "evals" / "gold" / "analytics"
# Folders with a manifest.yaml whose documents gold files may annotate.
CORPORA = (PROJECT_ROOT / "corpus", PROJECT_ROOT / "evals" / "corpora" / "library",
           PROJECT_ROOT / "evals" / "corpora" / "luat-doanh-nghiep")

ROLES = ("chủ trì", "phối hợp", "lãnh đạo", "chỉ đạo", "thực hiện", "có trách nhiệm")
# For each section: the keys a row must have, and which of them must occur in the text.
SECTIONS = {
    "targets": (("indicator", "value", "unit", "horizon"), ("indicator", "value")),
    "timeline": (("when", "task"), ("when", "task")),
    "responsibilities": (("body", "role", "task"), ("body", "task")),
}
OPTIONAL_KEYS = {"optional"}


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def document_files() -> dict[str, Path]:
    """doc_id -> path of its text, from every corpus manifest."""
    files: dict[str, Path] = {}
    for folder in CORPORA:
        manifest = folder / "manifest.yaml"
        if not manifest.is_file():
            continue
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        for entry in data.get("documents", []):
            files[entry["doc_id"]] = folder / entry["file"]
    return files


def check_file(path: Path, files: dict[str, Path]) -> list[str]:
    problems: list[str] = []
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"{path.name}: not valid YAML ({exc}); fix the syntax and run again"]
    if not isinstance(gold, dict):
        return [f"{path.name}: expected a mapping with doc_id, notes, targets, timeline, responsibilities"]
    doc_id = gold.get("doc_id")
    if doc_id not in files:
        return [f"{path.name}: doc_id {doc_id!r} is in no corpus manifest ({', '.join(str(c) for c in CORPORA)})"]
    if path.stem != doc_id:
        problems.append(f"{path.name}: file name should be {doc_id}.yaml")
    if not isinstance(gold.get("notes"), str) or not gold["notes"].strip():
        problems.append(f"{path.name}: `notes` is missing; say what was counted and what was left out")
    text = collapse(files[doc_id].read_text(encoding="utf-8-sig"))

    for section, (keys, in_text) in SECTIONS.items():
        rows = gold.get(section)
        if rows is None:
            problems.append(f"{path.name}: section `{section}` is missing (use [] if the document has none)")
            continue
        if not isinstance(rows, list):
            problems.append(f"{path.name}: `{section}` must be a list of rows")
            continue
        seen: dict[tuple, int] = {}
        for n, row in enumerate(rows, 1):
            where = f"{path.name}: {section}[{n}]"
            if not isinstance(row, dict):
                problems.append(f"{where}: not a mapping")
                continue
            missing = [k for k in keys if k not in row]
            extra = sorted(set(row) - set(keys) - OPTIONAL_KEYS)
            if missing:
                problems.append(f"{where}: missing {', '.join(missing)}")
            if extra:
                problems.append(f"{where}: unknown keys {', '.join(extra)} (allowed: {', '.join(keys)}, optional)")
            if "optional" in row and not isinstance(row["optional"], bool):
                problems.append(f"{where}: `optional` must be true or false")
            for key in keys:
                value = row.get(key)
                if key in row and not isinstance(value, str):
                    problems.append(f"{where}: {key} must be a string (quote it), got {value!r}")
            for key in in_text:
                value = row.get(key)
                if not isinstance(value, str):
                    continue
                needle = collapse(value).strip()
                if not needle:
                    problems.append(f"{where}: {key} is empty")
                elif needle not in text:
                    problems.append(f"{where}: {key} {value!r} does not occur in {files[doc_id].name}")
            if section == "responsibilities" and row.get("role") not in ROLES:
                problems.append(f"{where}: role {row.get('role')!r} is not one of {', '.join(ROLES)}")
            if section == "targets":
                horizon = row.get("horizon")
                if isinstance(horizon, str) and horizon and not re.fullmatch(r"\d{4}", horizon):
                    problems.append(f"{where}: horizon {horizon!r} must be a four-digit year or \"\"")
            key = tuple(collapse(str(row.get(k, ""))).strip() for k in keys)
            if key in seen:
                problems.append(f"{where}: same row as {section}[{seen[key]}]")
            else:
                seen[key] = n
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(GOLD_DIR.glob("*.yaml"))
    if not paths:
        print(f"no gold files found in {GOLD_DIR}")
        return 1
    files = document_files()
    problems: list[str] = []
    for path in paths:
        problems.extend(check_file(path, files))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len(paths)} file(s)")
        return 1
    print(f"{len(paths)} gold file(s) OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
