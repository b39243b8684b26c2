"""The outline of each kind of draft (đề cương, tin bài, talking points; hỏi–đáp in hoidap.py),
filled with the documents' own sentences: the extractive draft.

    draft = compose_draft(Composer(kind, selection, frames, length, audience, targets, ..., profile))

Every sentence of substance is a quote with its footnote; the only words of our own are the
frames in prompts/drafts.yaml (headings, question patterns, lead-ins), which state no figure,
date or name, and never repeat the user's topic inside a claim. The parts of a đề cương and their
headings are the main document's kind profile's `outline` (resources/profiles): a plan's purpose,
goals by horizon, tasks by section and organisation; a law's scope, principles, rights and
obligations, entry into force. What the profile gives no role lands in one part of its own.
"""

from __future__ import annotations

from assistant.analytics.targets import Target
from assistant.analytics.tasks import Deadline, Responsibility
from assistant.drafting.notes import Notes, lower_first, upper_first
from assistant.drafting.passages import Passage, self_backed
from assistant.drafting.quotes import Selection, one_per_item
from assistant.ingest.profiles import Profile
from assistant.model import REQUEST_KIND, Block, Draft
from assistant.text.markers import to_roman
from assistant.verify.claims import claim_key, claims, supported

GOALS, ORGANISATION, OTHER, PURPOSE, PREAMBLE = "goals", "organisation", "other", "purpose", "preamble"
_PROPAGANDA = "tuyên giáo"
# A heading longer than this reads badly inside a sentence ("Về hoàn thiện, cụ thể hóa ...").
MAX_LEAD_HEADING = 80


def main_document(selection: Selection) -> str:
    """The document most of the relevant sentences come from: its preamble opens the draft and
    its profile shapes it."""
    counts: dict[str, float] = {}
    for p in selection.relevant or selection.passages:
        counts[p.doc_id] = counts.get(p.doc_id, 0) + max(p.score, 0.01)
    return max(counts, key=counts.get)


def outline_parts(profile: Profile, frames: dict) -> list[tuple[str, tuple[str, ...]]]:
    """(heading, roles) of a đề cương, in the profile's order: consecutive parts sharing a heading
    are one ("NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM" for tasks and solutions); every role the outline does
    not name, and sections of no role, go to one more part, before the organisation."""
    parts: list[tuple[str, tuple[str, ...]]] = []
    for role, heading in profile.outline:
        if parts and parts[-1][0] == heading:
            parts[-1] = (heading, parts[-1][1] + (role,))
        else:
            parts.append((heading, (role,)))
    at = next((i for i, (_, roles) in enumerate(parts) if ORGANISATION in roles), len(parts))
    parts.insert(at, (frames["other_part"], (OTHER,)))
    return parts


class Composer:
    def __init__(self, kind: str, selection: Selection, frames: dict, length: str, audience: str,
                 targets: list[Target], responsibilities: list[Responsibility], deadlines: list[Deadline],
                 min_coverage: float, profile: Profile):
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
        self.parts = outline_parts(profile, frames)
        named = {r for _, roles in self.parts for r in roles} | {PREAMBLE}
        # The role a passage is drafted under: its own when the outline has it, else "other". The
        # preamble is in no part: only its last sentence opens a draft.
        self.part_role = lambda p: p.role if p.role in named else OTHER
        self.flat = tuple(frames["flat_roles"])
        docs = {p.doc_id for p in selection.corpus}
        self.targets = [t for t in targets if t.doc_id in docs and self.wanted(t.indicator + " " + t.quote)]
        self.responsibilities = [r for r in responsibilities if r.doc_id in docs]
        self.deadlines = [d for d in deadlines if d.doc_id in docs]
        self.doc_id = main_document(selection)

    # --- shared pieces ---------------------------------------------------------------------
    def wanted(self, text: str) -> bool:
        return self.sel.overview or self.sel.relevance(text) >= self.min_coverage

    def kind_word(self, doc_id: str | None = None) -> str:
        """'kế hoạch', 'luật', 'chỉ thị': what the frames call the document."""
        parsed = next(p for p in self.sel.corpus if p.doc_id == (doc_id or self.doc_id))
        return (parsed.document.meta.get("kind") or "văn bản").lower()

    def about(self, heading: str) -> str:
        """'Về công tác quy hoạch'; 'Đối với Sở Tài chính' (a heading that is a name)."""
        phrase = lower_first(heading)
        return self.frames["about_name" if phrase[:1].isupper() else "about"].format(topic=phrase)

    def head(self, title: str) -> list[Block]:
        blocks = [Block("title", title), Block(REQUEST_KIND, self.frames["topic_line"].format(topic=self.sel.topic))]
        return blocks + self._audience()

    def _audience(self) -> list[Block]:
        return [Block(REQUEST_KIND, self.frames["audience_line"].format(audience=self.audience))] if self.audience else []

    def opening(self) -> list[Passage]:
        """The sentence that says who issued the main document and why (its preamble's last
        sentence: "Thực hiện Nghị quyết ..., Ban Thường vụ Tỉnh ủy ban hành Kế hoạch ..."), not
        its title lines."""
        sentences = [p for p in self.sel.passages if p.role == PREAMBLE and p.doc_id == self.doc_id and not p.said
                     and p.text.rstrip().endswith((".", ":")) and not p.text.isupper()]
        return sentences[-1:]

    def _of(self, roles: tuple[str, ...], passages: list[Passage]) -> list[Passage]:
        return [p for p in passages if self.part_role(p) in roles]

    def first_passages(self, roles: tuple[str, ...], limit: int, fallback: bool) -> list[Passage]:
        """The best passages of a part, or in an overview its items' first; with `fallback`, when
        none covers the topic, the main document's first one still says what it is for."""
        chosen = one_per_item(self._of(roles, self.sel.relevant))[:limit]
        if not chosen and fallback:
            chosen = [p for p in self._of(roles, self.sel.passages) if p.doc_id == self.doc_id][:1]
        return chosen

    def goal_passages(self) -> list[Passage]:
        """Goals to quote: every target in an overview (they are the document's core), else the
        relevant ones; in document order. Goals stated for no horizon are read like tasks."""
        if self.sel.overview:
            chosen = [p for p in self._of((GOALS,), self.sel.passages) if p.first_in_item and p.horizon]
            if not chosen:
                return self.grouped_passages((GOALS,))
            by_section: dict[str, list[Passage]] = {}
            for p in chosen:
                by_section.setdefault(p.section_id, []).append(p)
            cap = self.per_part * 2 if self.length == "ngắn" else None
            chosen = [p for ps in by_section.values() for p in ps[:cap]]
        else:
            chosen = one_per_item(self._of((GOALS,), self.sel.relevant))[: self.per_part * 3]
        return sorted(chosen, key=lambda p: (p.doc_id, p.start))

    def grouped_passages(self, roles: tuple[str, ...]) -> list[Passage]:
        """A part read group by group (a plan's numbered items, a law's articles): in an overview
        each group's first passage, else the relevant ones; in document order."""
        if self.sel.overview:
            firsts: dict[tuple[str, str], Passage] = {}
            for p in self._of(roles, self.sel.passages):
                if p.first_in_item:
                    firsts.setdefault((p.doc_id, p.group), p)
            chosen = list(firsts.values())
            return chosen[: self.total * 3] if self.length == "dài" else chosen[: self.per_part * 4]
        return sorted(one_per_item(self._of(roles, self.sel.relevant))[: self.per_part * 2], key=lambda p: (p.doc_id, p.start))

    def body_roles(self) -> tuple[str, ...]:
        """The parts read group by group, goals aside: what a document asks to be done."""
        return tuple(r for _, roles in self.parts for r in roles if r not in self.flat and r != GOALS)

    def organisation_passages(self, with_propaganda: bool) -> list[Passage]:
        if self.sel.overview:
            chosen = [p for p in self._of((ORGANISATION,), self.sel.passages) if p.first_in_item][: self.per_part * 2]
        else:
            chosen = one_per_item(self._of((ORGANISATION,), self.sel.relevant))[: self.per_part]
        # A đề cương tuyên truyền always says who leads the propaganda work; an assignment with
        # a deadline is added too, within reason on a long document.
        rows = [r for r in self.responsibilities if _PROPAGANDA in r.body.lower()] if with_propaganda else []
        rows += [d for d in self.deadlines if d.kind == "deadline" and self.wanted(d.task + " " + d.quote)]
        added = 0
        for row in rows:
            p = self.sel.passage_at(row.doc_id, row.start, row.end)
            if p and self.part_role(p) == ORGANISATION and all((q.doc_id, q.start) != (p.doc_id, p.start) for q in chosen):
                if added >= self.per_part * 2:
                    break
                chosen.append(p)
                added += 1
        return sorted(chosen, key=lambda p: (p.doc_id, p.start))

    def part_passages(self, n: int, roles: tuple[str, ...]) -> list[Passage]:
        if ORGANISATION in roles:
            return self.organisation_passages(with_propaganda=True)
        if GOALS in roles:
            return self.goal_passages()
        if set(roles) <= set(self.flat):
            first = self.opening() if n == 0 else []
            return first + self.first_passages(roles, max(1, self.per_part - 1), fallback=n == 0)
        found = self.grouped_passages(roles)
        return (self.opening() + found) if n == 0 else found

    @staticmethod
    def grouped(passages: list[Passage]) -> list[list[Passage]]:
        groups: dict[tuple[str, str], list[Passage]] = {}
        for p in passages:
            groups.setdefault((p.doc_id, p.group), []).append(p)
        return list(groups.values())

    def draft(self, title: str, blocks: list[Block]) -> Draft:
        return Draft(self.kind, self.sel.topic, title, tuple(blocks), tuple(self.notes.footnotes), self.audience,
                     self.length, footnotes_heading=self.frames["footnotes_heading"])

    # --- kinds -----------------------------------------------------------------------------
    def de_cuong(self) -> Draft:
        title = self.kind_frames["title"]
        blocks = self.head(title)
        number = 0
        for n, (heading, roles) in enumerate(self.parts):
            passages = self.part_passages(n, roles)
            body: list[Block] = []
            if set(roles) <= set(self.flat) or ORGANISATION in roles:
                body = [Block("bullet", self.notes.quote(p)) for p in passages]
            else:
                lead = [p for p in passages if p.role == PREAMBLE]
                body = [Block("bullet", self.notes.quote(p)) for p in lead]
                i = 0
                for group in self.grouped([p for p in passages if p.role != PREAMBLE]):
                    if self_backed(group[0].group_heading):  # a heading the claim checker misreads is left out
                        i += 1
                        body.append(Block("subheading", group[0].group_heading, f"{i}."))
                    body += [Block("bullet", self.notes.quote(p)) for p in group]
            if body:
                number += 1
                blocks.append(Block("heading", heading, f"{to_roman(number)}."))
                blocks += body
        return self.draft(title, blocks)

    def tin_bai(self) -> Draft:
        f = self.kind_frames
        blocks = self._audience()
        lead = self.opening()
        if lead:
            blocks.append(Block("paragraph", self.notes.quote(lead[0])))
        kind = self.kind_word()
        for group in self.grouped(self.goal_passages())[: self.per_part]:
            quotes = "; ".join(self.notes.quote(p, lower=True).rstrip(".") for p in group)
            heading = group[0].group_heading
            lowered = heading.lower()
            frame = (f["goals_lead"] if lowered.startswith("đến năm") else
                     f["direction_lead"] if lowered.startswith("định hướng") else f["general_goals_lead"])
            blocks.append(Block("paragraph", upper_first(frame.format(kind=kind, horizon=lower_first(heading))) + quotes + "."))
        for n, group in enumerate(self.grouped(self.grouped_passages(self.body_roles()))[: max(1, self.per_part - 1)]):
            quotes = "; ".join(self.notes.quote(p, lower=True).rstrip(".") for p in group)
            heading = group[0].group_heading
            if len(heading) <= MAX_LEAD_HEADING:
                frame = f["tasks_lead"].format(about=self.about(heading), kind=kind)
            else:
                frame = (f["first_tasks_lead"] if n == 0 else f["more_tasks_lead"]).format(kind=kind)
            blocks.append(Block("paragraph", upper_first(frame) + quotes + "."))
        organisation = self.organisation_passages(with_propaganda=False)[: self.per_part]
        if organisation:
            quotes = "; ".join(self.notes.quote(p, lower=True).rstrip(".") for p in organisation)
            blocks.append(Block("paragraph", upper_first(f["organisation_lead"].format(kind=kind)) + quotes + "."))
        # The headline repeats the topic only when the quotes back every name in it and the
        # section headings every figure (as verification reads a headline).
        document = self.sel.short_titles[self.doc_id]
        evidence = claim_key(" | ".join(f.quote for f in self.notes.footnotes))
        headings = claim_key(" | ".join([f.label for f in self.notes.footnotes] + [f.heading for f in self.notes.footnotes]
                                        + list(self.sel.short_titles.values())))
        backed = all(supported(c, headings if c[:1].isdigit() else evidence) for c in claims(self.sel.topic))
        if self.sel.overview or not backed:
            headline = f["headline_overview"].format(document=document)
        else:
            headline = upper_first(f["headline"].format(topic=self.sel.topic, document=document))
        return self.draft(headline, [Block("title", headline)] + blocks)

    def talking_points(self) -> Draft:
        f = self.kind_frames
        blocks = self.head(f["title"])
        # Short sentences with a figure make the best points ("Tỷ lệ đô thị hóa ... trên 26%").
        goals = sorted(self.goal_passages(), key=lambda p: (not any(c.isdigit() for c in p.shown), len(p.shown)))
        tasks = self.grouped_passages(self.body_roles())
        organisation = self.organisation_passages(with_propaganda=False)
        n_goals = min(len(goals), max(1, self.total // 2))
        n_org = min(len(organisation), 1)
        n_tasks = min(len(tasks), self.total - n_goals - n_org)
        n_goals = min(len(goals), self.total - n_tasks - n_org)  # fewer tasks leave room for goals
        points = [f["goals_lead"].format(horizon=p.heading) + self.notes.quote(p, lower=True) if p.horizon
                  else self.notes.quote(p) for p in spread(goals, n_goals)]
        points += [self.notes.quote(p) for p in spread(tasks, n_tasks)]
        points += [self.notes.quote(p) for p in organisation[:n_org]]
        blocks += [Block("point", text, f"{n}.") for n, text in enumerate(points, 1)]
        return self.draft(f["title"], blocks)


def spread(passages: list[Passage], n: int) -> list[Passage]:
    """n passages taken across groups, one per group first (each group's in the order given),
    shown in document order."""
    if n <= 0:
        return []
    by_group: dict[tuple[str, str], list[Passage]] = {}
    for p in passages:
        by_group.setdefault((p.doc_id, p.group), []).append(p)
    picked: list[Passage] = []
    depth = 0
    while len(picked) < n and any(len(ps) > depth for ps in by_group.values()):
        for ps in by_group.values():
            if len(ps) > depth and len(picked) < n:
                picked.append(ps[depth])
        depth += 1
    return sorted(picked, key=lambda p: (p.doc_id, p.start))


def compose_draft(composer: Composer) -> Draft:
    from assistant.drafting.hoidap import hoi_dap

    return {"de-cuong": composer.de_cuong, "hoi-dap": lambda: hoi_dap(composer), "tin-bai": composer.tin_bai,
            "talking-points": composer.talking_points}[composer.kind]()
