"""The outline of each kind of draft (đề cương, hỏi–đáp, tin bài, talking points), filled with
the documents' own sentences: the extractive draft.

    draft = compose_draft(Composer(kind, selection, frames, length, audience, targets, ...))

Every sentence of substance is a quote with its footnote; the only words of our own are the
frames in prompts/drafts.yaml (headings, question patterns, lead-ins), which state no figure,
date or name, and never repeat the user's topic inside a claim. Grouping follows the plan:
purpose, goals by horizon, tasks by section, organisation.
"""

from __future__ import annotations

import re

from assistant.analytics.targets import Target
from assistant.analytics.tasks import Deadline, Responsibility
from assistant.drafting.quotes import Notes, Passage, Selection, lower_first, upper_first
from assistant.model import REQUEST_KIND, Block, Draft
from assistant.text.dates import find_times
from assistant.text.markers import to_roman
from assistant.verify.claims import claim_key, claims, supported

_TASK_ROLES = ("tasks", "solutions")
_PROPAGANDA = "tuyên giáo"
_MAX_TASK_WORDS = 18
# A heading longer than this reads badly inside a sentence ("Về hoàn thiện, cụ thể hóa ...").
_MAX_LEAD_HEADING = 80
# Indicators that read as a measure on their own ("tỷ lệ đô thị hóa ... đạt bao nhiêu?").
_MEASURES = ("tỷ lệ", "tỉ lệ", "diện tích", "mật độ", "số lượng", "tổng số", "tốc độ", "thu nhập")
# Words that start a new phrase, where a long task can be cut for a question.
_PHRASE_STARTS = frozenset("phù để nhằm theo gắn đến cho trong tại với từ và".split())


class Composer:
    def __init__(self, kind: str, selection: Selection, frames: dict, length: str, audience: str,
                 targets: list[Target], responsibilities: list[Responsibility], deadlines: list[Deadline],
                 min_coverage: float):
        self.kind = kind
        self.sel = selection
        self.frames = frames
        self.kind_frames = frames["kinds"][kind]
        self.per_part = frames["lengths"][length]["per_part"]
        self.total = frames["lengths"][length]["total"]
        self.length = length
        self.audience = audience
        self.min_coverage = min_coverage
        self.notes = Notes()
        docs = {p.doc_id for p in selection.corpus}
        self.targets = [t for t in targets if t.doc_id in docs and self._wanted(t.indicator + " " + t.quote)]
        self.responsibilities = [r for r in responsibilities if r.doc_id in docs]
        self.deadlines = [d for d in deadlines if d.doc_id in docs]
        self.doc_id = self._main_document()

    # --- shared pieces ---------------------------------------------------------------------
    def _wanted(self, text: str) -> bool:
        return self.sel.overview or self.sel.relevance(text) >= self.min_coverage

    def _main_document(self) -> str:
        """The document most of the relevant sentences come from: its preamble opens the draft."""
        counts: dict[str, float] = {}
        for p in self.sel.relevant or self.sel.passages:
            counts[p.doc_id] = counts.get(p.doc_id, 0) + max(p.score, 0.01)
        return max(counts, key=counts.get)

    def _kind_word(self, doc_id: str | None = None) -> str:
        """'kế hoạch', 'chương trình', 'nghị quyết': what the frames call the document."""
        parsed = next(p for p in self.sel.corpus if p.doc_id == (doc_id or self.doc_id))
        return (parsed.document.meta.get("kind") or "văn bản").lower()

    def _head(self, title: str) -> list[Block]:
        blocks = [Block("title", title), Block(REQUEST_KIND, self.frames["topic_line"].format(topic=self.sel.topic))]
        return blocks + self._audience()

    def _audience(self) -> list[Block]:
        return [Block(REQUEST_KIND, self.frames["audience_line"].format(audience=self.audience))] if self.audience else []

    def _opening(self) -> list[Passage]:
        """The sentence that says who issued the main document and why (its preamble's last
        sentence: "Thực hiện Nghị quyết ..., Ban Thường vụ Tỉnh ủy ban hành Kế hoạch ..."), not
        its title lines."""
        sentences = [p for p in self.sel.passages if p.role == "preamble" and p.doc_id == self.doc_id
                     and p.text.rstrip().endswith((".", ":")) and not p.text.isupper()]
        return sentences[-1:]

    def _goal_passages(self) -> list[Passage]:
        """Goals to quote: every target in an overview (they are the plan's core), else the
        relevant ones; in document order."""
        if self.sel.overview:
            chosen = [p for p in self.sel.passages if p.role == "goals" and p.first_in_item and p.horizon]
            by_section: dict[str, list[Passage]] = {}
            for p in chosen:
                by_section.setdefault(p.section_id, []).append(p)
            cap = self.per_part * 2 if self.length == "ngắn" else None
            chosen = [p for ps in by_section.values() for p in ps[:cap]]
        else:
            chosen = self.sel.best("goals", self.per_part * 3)
        return sorted(chosen, key=lambda p: (p.doc_id, p.start))

    def _task_passages(self) -> list[Passage]:
        if self.sel.overview:
            firsts: dict[tuple[str, str], Passage] = {}
            for p in self.sel.passages:
                if p.role in _TASK_ROLES and p.first_in_item:
                    firsts.setdefault((p.doc_id, p.section_id), p)
            chosen = list(firsts.values())
            return chosen if self.length == "dài" else chosen[: self.per_part * 4]
        return sorted(self.sel.best(_TASK_ROLES, self.per_part * 2), key=lambda p: (p.doc_id, p.start))

    def _organisation_passages(self, with_propaganda: bool) -> list[Passage]:
        if self.sel.overview:
            chosen = [p for p in self.sel.passages if p.role == "organisation" and p.first_in_item][: self.per_part * 2]
        else:
            chosen = self.sel.best("organisation", self.per_part)
        # A đề cương tuyên truyền always says who leads the propaganda work.
        rows = [r for r in self.responsibilities if _PROPAGANDA in r.body.lower()] if with_propaganda else []
        rows += [d for d in self.deadlines if d.kind == "deadline" and self._wanted(d.task + " " + d.quote)]
        for row in rows:
            p = self.sel.passage_at(row.doc_id, row.start, row.end)
            if p and p.role == "organisation" and all((q.doc_id, q.start) != (p.doc_id, p.start) for q in chosen):
                chosen.append(p)
        return sorted(chosen, key=lambda p: (p.doc_id, p.start))

    @staticmethod
    def _grouped(passages: list[Passage]) -> list[list[Passage]]:
        groups: dict[tuple[str, str], list[Passage]] = {}
        for p in passages:
            groups.setdefault((p.doc_id, p.section_id), []).append(p)
        return list(groups.values())

    def _draft(self, title: str, blocks: list[Block]) -> Draft:
        return Draft(self.kind, self.sel.topic, title, tuple(blocks), tuple(self.notes.footnotes), self.audience,
                     self.length, footnotes_heading=self.frames["footnotes_heading"])

    # --- kinds -----------------------------------------------------------------------------
    def de_cuong(self) -> Draft:
        title = self.kind_frames["title"]
        blocks = self._head(title)
        parts = self.kind_frames["parts"]
        sections: list[tuple[str, list[Block]]] = []
        purpose = self._opening() + (self.sel.best("purpose", max(1, self.per_part - 1)) or
                                     [p for p in self.sel.passages if p.role == "purpose" and p.doc_id == self.doc_id][:1])
        sections.append((parts["purpose"], [Block("bullet", self.notes.quote(p)) for p in purpose]))
        for part, passages in (("goals", self._goal_passages()), ("tasks", self._task_passages())):
            body: list[Block] = []
            for n, group in enumerate(self._grouped(passages), 1):
                body.append(Block("subheading", group[0].heading, f"{n}."))
                body += [Block("bullet", self.notes.quote(p)) for p in group]
            sections.append((parts[part], body))
        organisation = self._organisation_passages(with_propaganda=True)
        sections.append((parts["organisation"], [Block("bullet", self.notes.quote(p)) for p in organisation]))
        number = 0
        for heading, body in sections:
            if body:
                number += 1
                blocks.append(Block("heading", heading, f"{to_roman(number)}."))
                blocks += body
        return self._draft(title, blocks)

    def tin_bai(self) -> Draft:
        f = self.kind_frames
        blocks = self._audience()
        lead = self._opening()
        if lead:
            blocks.append(Block("paragraph", self.notes.quote(lead[0])))
        kind = self._kind_word()
        for group in self._grouped(self._goal_passages())[: self.per_part]:
            quotes = "; ".join(self.notes.quote(p, lower=True).rstrip(".") for p in group)
            heading = group[0].heading
            lowered = heading.lower()
            frame = (f["goals_lead"] if lowered.startswith("đến năm") else
                     f["direction_lead"] if lowered.startswith("định hướng") else f["general_goals_lead"])
            blocks.append(Block("paragraph", upper_first(frame.format(kind=kind, horizon=lower_first(heading))) + quotes + "."))
        for n, group in enumerate(self._grouped(self._task_passages())[: max(1, self.per_part - 1)]):
            quotes = "; ".join(self.notes.quote(p, lower=True).rstrip(".") for p in group)
            heading = group[0].heading
            if len(heading) <= _MAX_LEAD_HEADING:
                frame = f["tasks_lead"].format(topic=lower_first(heading), kind=kind)
            else:
                frame = (f["first_tasks_lead"] if n == 0 else f["more_tasks_lead"]).format(kind=kind)
            blocks.append(Block("paragraph", upper_first(frame) + quotes + "."))
        organisation = self._organisation_passages(with_propaganda=False)[: self.per_part]
        if organisation:
            quotes = "; ".join(self.notes.quote(p, lower=True).rstrip(".") for p in organisation)
            blocks.append(Block("paragraph", upper_first(f["organisation_lead"].format(kind=kind)) + quotes + "."))
        # The headline repeats the topic only when the quotes back every name or figure in it.
        document = self.sel.short_titles[self.doc_id]
        evidence = claim_key(" | ".join(f.quote for f in self.notes.footnotes))
        if self.sel.overview or not all(supported(c, evidence) for c in claims(self.sel.topic)):
            headline = f["headline_overview"].format(document=document)
        else:
            headline = upper_first(f["headline"].format(topic=self.sel.topic, document=document))
        return self._draft(headline, [Block("title", headline)] + blocks)

    def talking_points(self) -> Draft:
        f = self.kind_frames
        blocks = self._head(f["title"])
        # Short sentences with a figure make the best points ("Tỷ lệ đô thị hóa ... trên 26%").
        goals = sorted(self._goal_passages(), key=lambda p: (not any(c.isdigit() for c in p.text), len(p.text)))
        tasks = self._task_passages()
        organisation = self._organisation_passages(with_propaganda=False)
        n_goals = min(len(goals), max(1, self.total // 2))
        n_org = min(len(organisation), 1)
        n_tasks = min(len(tasks), self.total - n_goals - n_org)
        n_goals = min(len(goals), self.total - n_tasks - n_org)  # fewer tasks leave room for goals
        points = [f["goals_lead"].format(horizon=p.heading) + self.notes.quote(p, lower=True) if p.horizon
                  else self.notes.quote(p) for p in _spread(goals, n_goals)]
        points += [self.notes.quote(p) for p in _spread(tasks, n_tasks)]
        points += [self.notes.quote(p) for p in organisation[:n_org]]
        blocks += [Block("point", text, f"{n}.") for n, text in enumerate(points, 1)]
        return self._draft(f["title"], blocks)

    def hoi_dap(self) -> Draft:
        f = self.kind_frames
        q = f["questions"]
        blocks = self._head(f["title"])
        purpose = self.sel.best("purpose", 1) or (
            [p for p in self.sel.passages if p.role == "purpose" and p.doc_id == self.doc_id][:1] if self.sel.overview else [])
        first = [(q["purpose"].format(document=self.sel.short_titles[purpose[0].doc_id]), purpose)] if purpose else []
        # One question of each kind in turn: a hỏi–đáp of six target questions says less.
        pairs = first + _interleave(self._target_questions(q), self._section_questions(q, _TASK_ROLES),
                                    self._responsibility_questions(q), self._deadline_questions(q),
                                    self._section_questions(q, ("goals",)))
        used: set[tuple[str, int]] = set()
        n = 0
        for question, passages in pairs:
            fresh = [p for p in passages if (p.doc_id, p.start) not in used]
            if not fresh or n >= self.total:
                continue  # each quote answers one question only
            used.update((p.doc_id, p.start) for p in fresh)
            n += 1
            blocks.append(Block("question", question, f["question_label"].format(n=n) + "."))
            blocks.append(Block("answer", " ".join(self.notes.quote(p) for p in fresh), f["answer_label"] + ":"))
        return self._draft(f["title"], blocks)

    def _section_questions(self, q: dict, roles: tuple[str, ...]) -> list[tuple[str, list[Passage]]]:
        """"Về phát triển nhà ở đô thị, kế hoạch đề ra những nhiệm vụ gì?" per section quoted."""
        passages = self._task_passages() if roles == _TASK_ROLES else [p for p in self._goal_passages() if not self._is_target(p)]
        by_question: dict[str, list[Passage]] = {}
        for group in self._grouped(passages)[: self.per_part]:
            role = group[0].role if group[0].role in ("tasks", "solutions") else "goals"
            heading = group[0].heading
            if len(heading) <= _MAX_LEAD_HEADING:
                question = q[role].format(topic=lower_first(heading), kind=self._kind_word(group[0].doc_id))
            else:
                question = q[f"{role}-general"].format(kind=self._kind_word(group[0].doc_id))
            by_question.setdefault(upper_first(question), []).extend(group)
        return [(question, passages[:2]) for question, passages in by_question.items()]

    def _is_target(self, p: Passage) -> bool:
        return any(t.doc_id == p.doc_id and p.start <= t.start < p.end for t in self.targets)

    def _target_questions(self, q: dict) -> list[tuple[str, list[Passage]]]:
        out = []
        towns: list[Target] = []
        for t in self.targets[: self.per_part * 3]:
            p = self.sel.passage_at(t.doc_id, t.start, t.end)
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
            p = self.sel.passage_at(towns[0].doc_id, towns[0].start, towns[0].end)
            if p is not None:
                out.append((q["new-town"].format(horizon=upper_first(p.heading)), [p]))
        return out

    def _responsibility_questions(self, q: dict) -> list[tuple[str, list[Passage]]]:
        out, seen = [], set()
        for r in self.responsibilities:
            if r.role == "phối hợp" or (r.doc_id, r.start) in seen or not self._wanted(r.task + " " + r.quote):
                continue
            seen.add((r.doc_id, r.start))
            p = self.sel.passage_at(r.doc_id, r.start, r.end)
            if p is None:
                continue
            role = "có trách nhiệm" if r.role in ("thực hiện", "lãnh đạo") else r.role
            out.append((q["responsibility"].format(role=role, task=_short_task(r.task)), [p]))
        return out[: self.per_part]

    def _deadline_questions(self, q: dict) -> list[tuple[str, list[Passage]]]:
        out = []
        for d in self.deadlines:
            if d.kind != "deadline" or not self._wanted(d.task + " " + d.quote):
                continue
            p = self.sel.passage_at(d.doc_id, d.start, d.end)
            if p is not None:
                out.append((q["deadline"].format(task=_short_task(d.task)), [p]))
        return out[: self.per_part]


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


def _spread(passages: list[Passage], n: int) -> list[Passage]:
    """n passages taken across sections, one per section first (each section's in the order
    given), shown in document order."""
    if n <= 0:
        return []
    by_section: dict[tuple[str, str], list[Passage]] = {}
    for p in passages:
        by_section.setdefault((p.doc_id, p.section_id), []).append(p)
    picked: list[Passage] = []
    depth = 0
    while len(picked) < n and any(len(ps) > depth for ps in by_section.values()):
        for ps in by_section.values():
            if len(ps) > depth and len(picked) < n:
                picked.append(ps[depth])
        depth += 1
    return sorted(picked, key=lambda p: (p.doc_id, p.start))


def compose_draft(composer: Composer) -> Draft:
    return {"de-cuong": composer.de_cuong, "hoi-dap": composer.hoi_dap, "tin-bai": composer.tin_bai,
            "talking-points": composer.talking_points}[composer.kind]()
