"""Split a question set into a dev half and a validation half, balanced by category.

    python evals/split_question_set.py NAME INPUT.yaml [MORE.yaml ...] --out DIR [--seed natural-v1]

writes DIR/NAME.dev.yaml and DIR/NAME.validation.yaml from the concatenated inputs.

The rule (documented in evals/questions/natural/README.md): an input named *.dev.yaml or
*.validation.yaml keeps its questions in that half, so adding questions never moves an old one
between halves (a validation question that moved to dev would leak what thresholds were tuned on).
Every other question is new: categories are taken in alphabetical order; within one, the new
questions are sorted by id and shuffled with a generator seeded by "SEED:NAME:CATEGORY"; each in
turn goes to the half holding fewer questions of its category, then to the smaller half, then to
dev. Seeding by id order rather than file order means the split does not depend on file order.

    # first split                 python evals/split_question_set.py x all.yaml --out DIR
    # add questions later         python evals/split_question_set.py x DIR/x.dev.yaml DIR/x.validation.yaml new.yaml --out DIR

Comment lines directly above an item (`# source type: ...`) travel with it; the comment block at
the top of the first input (ended by a blank line) becomes the header of both outputs.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

FIELDS = ("id", "question", "answerable", "expected_sections", "must_include", "category")
_HALF_LINE = re.compile(r"^# (Half|Split): ")


def read_items(path: Path) -> tuple[list[str], list[dict], dict[str, list[str]]]:
    """(header comment lines, items, id -> comment lines written just above the item)."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if isinstance(data, dict) and isinstance(data.get("questions"), list):
        data = data["questions"]
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a YAML list of questions.")
    # The header is the leading block of comment lines, ended by the first blank line.
    header, comments, pending, in_header = [], {}, [], True
    for line in text.splitlines():
        if in_header and line.startswith("#"):
            header.append(line)
            continue
        in_header = False
        if line.startswith("#"):
            pending.append(line)
        elif m := re.match(r"^- id: ['\"]?([^'\"\s]+)", line):
            if pending:
                comments[m.group(1)] = pending
            pending = []
        elif line.strip():
            pending = []
    return header, data, comments


def split(items: list[dict], name: str, seed: str, fixed: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """`fixed`: id -> "dev" | "validation" for questions that already have a half."""
    halves: dict[str, list[dict]] = {"dev": [], "validation": []}
    new: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        if item["id"] in fixed:
            halves[fixed[item["id"]]].append(item)
        else:
            new[item.get("category", "uncategorised")].append(item)
    for category in sorted(new):
        group = sorted(new[category], key=lambda q: q["id"])
        random.Random(f"{seed}:{name}:{category}").shuffle(group)
        for item in group:
            def load(half: str, category: str = category) -> tuple[int, int, bool]:
                same = sum(1 for q in halves[half] if q.get("category", "uncategorised") == category)
                return same, len(halves[half]), half != "dev"

            halves[min(halves, key=load)].append(item)
    order = {item["id"]: n for n, item in enumerate(items)}
    return tuple(sorted(halves[h], key=lambda q: order[q["id"]]) for h in ("dev", "validation"))


def dump_item(item: dict, comments: list[str]) -> str:
    """One item in the DESIGN.md layout; strings as JSON, which YAML reads as double-quoted scalars."""
    unknown = set(item) - set(FIELDS)
    if unknown:
        raise SystemExit(f"{item.get('id')}: unknown field(s) {sorted(unknown)}; allowed: {', '.join(FIELDS)}.")
    lines = list(comments)
    lines.append(f"- id: {item['id']}")
    lines.append(f"  question: {json.dumps(item['question'], ensure_ascii=False)}")
    lines.append(f"  answerable: {'true' if item.get('answerable', True) else 'false'}")
    for key in ("expected_sections", "must_include"):
        if item.get(key):
            lines.append(f"  {key}: {json.dumps(list(item[key]), ensure_ascii=False)}")
    lines.append(f"  category: {item.get('category', 'uncategorised')}")
    return "\n".join(lines) + "\n"


def write_half(path: Path, header: list[str], half: str, items: list[dict], comments: dict, seed: str) -> None:
    lines = [h for h in header if not _HALF_LINE.match(h)]
    lines.append(f"# Half: {half}, {len(items)} questions. Split: balanced by category, seed {seed!r} "
                 "(evals/split_question_set.py); tune thresholds on dev only.")
    body = "".join(dump_item(item, comments.get(item["id"], [])) for item in items)
    path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="set name: the output files are NAME.dev.yaml and NAME.validation.yaml")
    parser.add_argument("inputs", nargs="+", type=Path, help="question-set YAML file(s), concatenated")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", default="natural-v1", help="seed of the shuffle (default: natural-v1)")
    args = parser.parse_args(argv)

    header, items, comments, fixed = [], [], {}, {}
    for n, path in enumerate(args.inputs):
        h, rows, c = read_items(path)
        if n == 0:
            header = h
        half = next((x for x in ("dev", "validation") if path.name.endswith(f".{x}.yaml")), None)
        if half:
            fixed.update((row.get("id"), half) for row in rows)
        items += rows
        comments.update(c)
    ids = [item.get("id") for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"duplicate ids in the inputs: {', '.join(map(str, duplicates))}; ids must be unique.")
    dev, validation = split(items, args.name, args.seed, fixed)
    args.out.mkdir(parents=True, exist_ok=True)
    write_half(args.out / f"{args.name}.dev.yaml", header, "dev", dev, comments, args.seed)
    write_half(args.out / f"{args.name}.validation.yaml", header, "validation", validation, comments, args.seed)
    print(f"{args.name}: {len(dev)} dev, {len(validation)} validation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
