"""The hỏi–đáp: questions of every kind in turn (what the document is for, its targets, what it
asks to be done part by part, who is responsible, by when, its goals), each answered by quotes.

    draft = hoi_dap(composer)

The questions are frames of prompts/drafts.yaml filled with a section's heading, a target's
indicator or a task's first words, all taken from the quote that answers them.
"""

from __future__ import annotations

import re

from assistant.analytics.targets import Target
from assistant.drafting.notes import lower_first, upper_first
from assistant.drafting.outline import GOALS, MAX_LEAD_HEADING, OTHER, PURPOSE, Composer
from assistant.drafting.passages import Passage
from assistant.model import Block, Draft
from assistant.text.dates import find_times

_MAX_TASK_WORDS = 18
# Indicators that read as a measure on their own ("tỷ lệ đô thị hóa ... đạt bao nhiêu?").
_MEASURES = ("tỷ lệ", "tỉ lệ", "diện tích", "mật độ", "số lượng", "tổng số", "tốc độ", "thu nhập")
# Words that start a new phrase, where a long task can be cut for a question.
# What a removed date leaves behind at the end of a task: "từ ngày 01", "trước".
_DANGLING = re.compile(r"(?:\s+(?:từ|trước|đến|vào|trong|kể|ngày|tháng|\d{1,2}))+\s*$")
_PHRASE_STARTS = frozenset("phù để nhằm theo gắn đến cho trong tại với từ và".split())


def hoi_dap(c: Composer) -> Draft:
    f = c.kind_frames
    q = f["questions"]
    blocks = c.head(f["title"])
    purpose = c.first_passages((PURPOSE,), 1, fallback=c.sel.overview)
    first = [(q["purpose"].format(document=c.sel.short_titles[purpose[0].doc_id]), purpose)] if purpose else []
    # One question of each kind in turn: a hỏi–đáp of six target questions says less.
    pairs = first + _interleave(_target_questions(c, q), _section_questions(c, q, c.body_roles()),
                                _responsibility_questions(c, q), _deadline_questions(c, q),
                                _section_questions(c, q, (GOALS,)))
    used: set[tuple[str, int]] = set()
    n = 0
    for question, passages in pairs:
        fresh = [p for p in passages if (p.doc_id, p.start) not in used]
        if not fresh or n >= c.total:
            continue  # each quote answers one question only
        used.update((p.doc_id, p.start) for p in fresh)
        n += 1
        blocks.append(Block("question", question, f["question_label"].format(n=n) + "."))
        blocks.append(Block("answer", " ".join(c.notes.quote(p) for p in fresh), f["answer_label"] + ":"))
    return c.draft(f["title"], blocks)


def _section_questions(c: Composer, q: dict, roles: tuple[str, ...]) -> list[tuple[str, list[Passage]]]:
    """"Về phát triển nhà ở đô thị, kế hoạch đề ra những nhiệm vụ gì?" per group quoted."""
    if roles == (GOALS,):
        passages = [p for p in c.goal_passages() if not _is_target(c, p)]
    else:
        passages = c.grouped_passages(roles)
    by_question: dict[str, list[Passage]] = {}
    for group in c.grouped(passages)[: c.per_part]:
        role = c.part_role(group[0])
        role = role if role in q else OTHER
        heading = group[0].group_heading
        if len(heading) <= MAX_LEAD_HEADING:
            question = q[role].format(about=c.about(heading), kind=c.kind_word(group[0].doc_id))
        else:
            question = q[f"{role}-general"].format(kind=c.kind_word(group[0].doc_id))
        by_question.setdefault(upper_first(question), []).extend(group)
    return [(question, passages[:2]) for question, passages in by_question.items()]


def _is_target(c: Composer, p: Passage) -> bool:
    return any(t.doc_id == p.doc_id and p.start <= t.start < p.end for t in c.targets)


def _target_questions(c: Composer, q: dict) -> list[tuple[str, list[Passage]]]:
    out = []
    towns: list[Target] = []
    for t in c.targets[: c.per_part * 3]:
        p = c.sel.passage_at(t.doc_id, t.start, t.end)
        if p is None:
            continue
        horizon = upper_first(p.heading)
        if t.kind == "figure":
            indicator = _as_written(lower_first(t.indicator), t.quote, sentence_start=False)
            if "duy trì" in t.quote.lower():
                template = q["figure-keep"]
            elif indicator.startswith(_MEASURES):
                template = q["figure"]
            else:
                template = q["figure-share"] if t.unit == "%" else q["figure-other"]
            out.append((template.format(horizon=horizon, indicator=indicator), [p]))
        elif t.kind == "urban-class":
            subject = _as_written(t.indicator.split(": ", 1)[-1], t.quote, sentence_start=False)
            out.append((q["urban-class"].format(horizon=horizon, subject=subject), [p]))
        elif t.kind == "new-town":
            towns.append(t)
    if towns:
        p = c.sel.passage_at(towns[0].doc_id, towns[0].start, towns[0].end)
        if p is not None:
            out.append((q["new-town"].format(horizon=upper_first(p.heading)), [p]))
    return out


def _responsibility_questions(c: Composer, q: dict) -> list[tuple[str, list[Passage]]]:
    out, seen = [], set()
    for r in c.responsibilities:
        if r.role == "phối hợp" or (r.doc_id, r.start) in seen or not c.wanted(r.task + " " + r.quote):
            continue
        seen.add((r.doc_id, r.start))
        p = c.sel.passage_at(r.doc_id, r.start, r.end)
        if p is None:
            continue
        role = "có trách nhiệm" if r.role in ("thực hiện", "lãnh đạo") else r.role
        out.append((q["responsibility"].format(role=role, task=_short_task(r.task)), [p]))
    return out[: c.per_part]


def _deadline_questions(c: Composer, q: dict) -> list[tuple[str, list[Passage]]]:
    out = []
    for d in c.deadlines:
        if d.kind != "deadline" or not c.wanted(d.task + " " + d.quote):
            continue
        p = c.sel.passage_at(d.doc_id, d.start, d.end)
        if p is not None:
            out.append((q["deadline"].format(task=_short_task(d.task)), [p]))
    return out[: c.per_part]


def _as_written(phrase: str, quote: str, sentence_start: bool = True) -> str:
    """The phrase with the quote's own capitals: "thị trấn Tuần Giáo", not "Thị trấn Tuần Giáo";
    a capital that only starts the quote's sentence is dropped mid-sentence."""
    i = quote.lower().find(phrase.lower())
    if i < 0:
        return phrase
    written = quote[i : i + len(phrase)]
    return written if sentence_start or i > 0 else lower_first(written)


def _short_task(task: str) -> str:
    """The first clause of a task without its deadline, cut where a phrase ends: a question must
    not hold its own answer, nor stop in the middle of a name."""
    for w in sorted(find_times(task), key=lambda w: -w.start):
        task = task[: w.start] + task[w.end :]
    task = re.sub(r"\s*\(\s*\)", "", task)
    task = _DANGLING.sub("", task)  # "có hiệu lực thi hành từ ngày 01" once "tháng 7 năm 2025" is gone
    first = task.split("; ")[0].split(", phấn đấu")[0]
    words = first.split()
    if len(words) > _MAX_TASK_WORDS:
        cut = next((i for i in range(_MAX_TASK_WORDS, 7, -1) if words[i].lower() in _PHRASE_STARTS
                    or words[i - 1].endswith(",")), None)
        if cut is None:
            cut = _MAX_TASK_WORDS
            while cut < len(words) and cut < _MAX_TASK_WORDS + 4 and words[cut][:1].isupper():
                cut += 1  # finish the name: "Cửa khẩu Tây Trang"
        words = words[:cut]
    return lower_first(" ".join(words).rstrip(",;"))


def _interleave(*lists: list) -> list:
    out = []
    for n in range(max((len(x) for x in lists), default=0)):
        out += [x[n] for x in lists if n < len(x)]
    return out
