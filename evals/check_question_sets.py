"""Check hand-written question sets against the documents they cite.

    python evals/check_question_sets.py [QUESTIONS.yaml ...]      (default: every evals/questions/**/*.yaml)

For every file: each expected section `doc-id#id` names a document of one of the corpora below
and a section that exists in that document's parsed tree (the parser's ids, not the printed
numbering); each must_include string appears (compared as the evaluator compares answers) in the
text of at least one expected section; unanswerable questions carry neither; ids are unique and
no question text is repeated across all the files checked (so a dev and a validation half never
share a question). Then the project's own loader (`load_question_set`) reads the file with the
same trees, so a file that passes here also runs under `assistant eval`.

Prints every problem with its file and question id and exits 1 if there is any, 0 otherwise.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.evaluation.questionset import load_question_set  # noqa: E402
from assistant.ingest.loader import load_document  # noqa: E402
from assistant.ingest.manifest import ManifestEntry  # noqa: E402
from assistant.ingest.structure import parse_sections  # noqa: E402
from assistant.text.normalize import match_key  # noqa: E402

# Folders with a manifest whose documents question sets may cite.
CORPORA = (PROJECT_ROOT / "corpus", PROJECT_ROOT / "evals" / "corpora" / "library",
           PROJECT_ROOT / "evals" / "corpora" / "luat-doanh-nghiep")


class Documents:
    """doc_id -> (text, section tree), parsed on first use (the library is large; most sets cite one document)."""

    def __init__(self, folders=CORPORA):
        self._entries = {}
        for folder in folders:
            settings = Settings().with_(corpus_dir=folder)
            # The manifest's entries only: `load_manifest` also insists that every file of the folder
            # is listed, which the library folder (SOURCES.md beside the documents) does not satisfy.
            data = yaml.safe_load(settings.manifest_path.read_text(encoding="utf-8"))
            for raw in data["documents"]:
                entry = ManifestEntry.model_validate(raw)
                self._entries[entry.doc_id] = (entry, settings)
        self._parsed = {}

    def known(self) -> list[str]:
        return sorted(self._entries)

    def get(self, doc_id: str):
        if doc_id not in self._entries:
            return None
        if doc_id not in self._parsed:
            entry, settings = self._entries[doc_id]
            doc = load_document(settings.corpus_dir / entry.file, entry, settings)
            self._parsed[doc_id] = (doc.text, parse_sections(doc.text, doc.doc_id))
        return self._parsed[doc_id]


def check_rows(label: str, rows: list, docs: Documents) -> list[str]:
    problems = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            problems.append(f"{label}: item {n} is not a mapping")
            continue
        qid = row.get("id", f"item {n}")
        refs = row.get("expected_sections") or []
        musts = row.get("must_include") or []
        if row.get("answerable", True) is False:
            if refs or musts:
                problems.append(f"{label}: {qid}: unanswerable but has expected_sections or must_include")
            continue
        if not refs:
            problems.append(f"{label}: {qid}: answerable but has no expected_sections")
        texts = []
        for ref in refs:
            doc_id, sep, section_id = str(ref).partition("#")
            parsed = docs.get(doc_id) if sep else None
            if not sep or not section_id:
                problems.append(f"{label}: {qid}: '{ref}' is not of the form doc-id#section-id")
            elif parsed is None:
                problems.append(f"{label}: {qid}: unknown document '{doc_id}' (known: {', '.join(docs.known())})")
            elif (section := parsed[1].get(section_id)) is None:
                problems.append(f"{label}: {qid}: document '{doc_id}' has no section '{section_id}' "
                                f"(see `python -m assistant sections` on its file)")
            else:
                texts.append(match_key(parsed[0][section.start:section.end]))
        for must in musts:
            if texts and not any(match_key(str(must)) in t for t in texts):
                problems.append(f"{label}: {qid}: must_include '{must}' is in none of its expected sections")
    return problems


def check_files(paths: list[Path], docs: Documents) -> tuple[list[str], dict[str, Counter]]:
    problems, ids, questions, summary = [], Counter(), Counter(), {}
    for path in paths:
        label = str(path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{label}: cannot read ({str(exc).splitlines()[0]})")
            continue
        rows = data["questions"] if isinstance(data, dict) and isinstance(data.get("questions"), list) else data
        if not isinstance(rows, list):
            problems.append(f"{label}: expected a YAML list of questions")
            continue
        problems += check_rows(label, rows, docs)
        dicts = [r for r in rows if isinstance(r, dict)]
        ids.update(str(r.get("id")) for r in dicts)
        questions.update(" ".join(str(r.get("question", "")).split()) for r in dicts)
        summary[label] = Counter(str(r.get("category", "uncategorised")) for r in dicts)
        cited = {str(ref).partition("#")[0] for r in dicts for ref in r.get("expected_sections") or []}
        trees = {d: docs.get(d)[1] for d in cited if docs.get(d) is not None}
        try:
            load_question_set(path, trees)
        except AssistantError as exc:
            problems.append(f"{label}: the project loader rejects the file: {exc}")
    problems += [f"id '{i}' is used {c} times across the files checked" for i, c in ids.items() if c > 1]
    problems += [f"question repeated {c} times across the files checked: {q[:80]!r}" for q, c in questions.items() if c > 1]
    return problems, summary


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a).resolve() for a in args] or sorted((PROJECT_ROOT / "evals" / "questions").rglob("*.yaml"))
    if not paths:
        print("no question sets found under evals/questions/", file=sys.stderr)
        return 1
    problems, summary = check_files(paths, Documents())
    for label, counts in summary.items():
        print(f"{label}: {sum(counts.values())} questions, {len(counts)} categories")
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    print(f"{len(problems)} problem(s) in {len(paths)} file(s)", file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
