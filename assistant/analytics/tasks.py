"""Who must do what, by when: the timeline of dated and recurring tasks and the responsibility
matrix (body -> tasks it leads or coordinates), read from a plan's tasks, solutions and
"Tổ chức thực hiện" parts without a model.

An assignment in these plans opens with its bodies and a role verb:
"Ban Tuyên giáo Tỉnh uỷ chủ trì, phối hợp với các cơ quan liên quan hướng dẫn ...",
"Đảng đoàn HĐND tỉnh lãnh đạo HĐND tỉnh chỉ đạo rà soát ...", "Giao Sở Xây dựng chủ trì ...".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from assistant.analytics.anatomy import Item, items
from assistant.analytics.table_rows import table_responsibilities, table_timeline
from assistant.ingest.profiles import profile_at, section_role
from assistant.model import ParsedDocument, Span
from assistant.text.bodies import BodyMention, find_bodies, names_actor, says_more_than_a_name
from assistant.text.dates import When, find_times, key, phase_of
from assistant.text.spans import sentence_spans

_TASK_ROLES = ("tasks", "solutions", "organisation", "other")
_DELEGATING = r"(?:giao(?: cho)?|đề nghị|yêu cầu|phân công)"
_ASSIGN = re.compile(rf"^{_DELEGATING}\s+")
_DELEGATE = re.compile(rf"\s+{_DELEGATING}\s+")
_SEPARATOR = re.compile(r"^(?:\s*,\s*|\s+và\s+|\s+cùng\s+)")
_ROLE_VERB = re.compile(r"\s*,?\s*(?P<verb>chủ trì|lãnh đạo|chỉ đạo|phối hợp|chịu trách nhiệm|có trách nhiệm)(?!\w)")
_COORDINATE = re.compile(r"phối hợp (?:chặt chẽ )?(?:với )?")
# A heading longer than this says more than a body's name (the longest name heading seen in
# evals/corpora/library: "Ban Quản lý các khu công nghệ cao và khu công nghiệp", 12 words).
_HEADING_BODY_WORDS = 16
_NOTE = re.compile(r"\s*\((?P<inner>[^()]*)\)")


@dataclass(frozen=True)
class Responsibility:
    body: str
    role: str  # "chủ trì", "lãnh đạo", "chỉ đạo", "phối hợp", "thực hiện", "chịu trách nhiệm"
    task: str
    deadline: str  # "Trong quý III/2022", "Thường xuyên", "" when none is given
    section_id: str
    quote: str
    doc_id: str = ""
    start: int = 0
    end: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Deadline:
    when: str
    kind: str  # "deadline" | "recurring"
    body: str  # the bodies that carry the task, "" when the text names none
    task: str
    section_id: str
    quote: str
    doc_id: str = ""
    year: int | None = None
    start: int = 0
    end: int = 0
    order: tuple[int, int, int] = (9999, 99, 99)  # (year, month, day) of a deadline, for sorting

    def as_dict(self) -> dict:
        row = asdict(self)
        del row["order"]
        return row


@dataclass(frozen=True)
class TaskSentence(Span):
    """A sentence of a task item, with the bodies that carry it."""

    item: Item = field(kw_only=True)
    leads: tuple[tuple[str, str], ...] = field(kw_only=True)  # (body, role) of the bodies that carry it
    coordinators: tuple[str, ...] = field(kw_only=True)
    task_from: int = field(kw_only=True)  # where the task wording starts, after bodies and role verbs


def responsibilities(parsed: ParsedDocument) -> list[Responsibility]:
    rows: list[Responsibility] = []
    for s in _assignments(parsed):
        times = find_times(s.text)
        deadline = ", ".join(dict.fromkeys(w.label for w in times))
        task = _task_text(s.text[s.task_from :], times, s.task_from)
        base = dict(task=task, deadline=deadline, section_id=s.section_id, quote=s.text.strip(), doc_id=parsed.doc_id,
                    start=s.start, end=s.end)
        rows += [Responsibility(body, role, **base) for body, role in s.leads]
        rows += [Responsibility(body, "phối hợp", **base) for body in s.coordinators]
    return rows + table_responsibilities(parsed)


def in_order(rows: list[Deadline]) -> list[Deadline]:
    """Dated tasks in date order, then recurring ones in document order (the sort is stable)."""
    return sorted(rows, key=lambda r: (r.kind != "deadline", r.order if r.kind == "deadline" else ()))


def timeline(parsed: ParsedDocument) -> list[Deadline]:
    """Dated tasks in date order, then recurring ones in document order."""
    rows: list[Deadline] = []
    for s in _all_sentences(parsed):
        bodies = "; ".join(dict.fromkeys(b for b, _ in s.leads))
        found = find_times(s.text)
        for when in found:
            task = _task_text(s.text[s.task_from :], [when], s.task_from, around=when)
            rows.append(Deadline(when.label, when.kind, bodies, task, s.section_id, s.text.strip(), parsed.doc_id,
                                 when.year, s.start, s.end, when.sort))
        # an item with no time of its own takes its heading's when the heading is a phase
        phase = None if found else _phase(parsed, s.item.section)
        if phase is not None:
            task = _task_text(s.text[s.task_from :], [], s.task_from)
            rows.append(Deadline(phase.label, phase.kind, bodies, task, s.section_id, s.text.strip(), parsed.doc_id,
                                 phase.year, s.start, s.end, phase.sort))
    return in_order(rows + table_timeline(parsed))


def _phase(parsed: ParsedDocument, section):
    """The phase a section belongs to: its own heading's or its nearest ancestor's
    ("2. Giai đoạn 2031 - 2035" over "2.1 Mở rộng ... cơ chế, chính sách")."""
    for sid in (section.id, *reversed(section.path)):
        phase = phase_of(parsed.tree.get(sid).title)
        if phase is not None:
            return phase
    return None


def _assignments(parsed: ParsedDocument) -> list[TaskSentence]:
    return [s for s in _all_sentences(parsed) if s.leads or s.coordinators]


def _all_sentences(parsed: ParsedDocument) -> list[TaskSentence]:
    """Sentences of task items with the bodies that carry them. A sentence without its own
    subject inherits the subject of its item's first sentence ("Sở X chủ trì ... . Định kỳ báo
    cáo UBND tỉnh." is still Sở X's task)."""
    out: list[TaskSentence] = []
    headings: dict[str, str] = {}  # section id -> the body its heading names: once a section, not once an item
    for item in items(parsed, _TASK_ROLES):
        inherited: tuple[tuple[str, str], ...] = ()
        if item.section.id not in headings:
            headings[item.section.id] = (_heading_body(item.section.title)
                                         if _assigns_by_heading(parsed, item.section) else "")
        heading = headings[item.section.id]
        for sentence in sentence_spans(item):
            leads, coordinators, task_from = _parse_subject(sentence.text)
            if leads:
                inherited = leads
            elif heading and not inherited:
                # a bullet under a body's own heading ("1. Sở Tài chính" / "- Chủ trì tham mưu ...")
                k = key(sentence.text)
                verb = _ROLE_VERB.match(k)
                role = "chủ trì" if verb and verb["verb"] == "chủ trì" else "phối hợp" if verb and verb["verb"] == "phối hợp" else "thực hiện"
                leads = ((heading, role),)
                if role == "chủ trì":  # "Chủ trì, phối hợp với các sở ... rà soát": those bodies coordinate
                    mentions = find_bodies(sentence.text)
                    coordinators = tuple(dict.fromkeys(g.name for m in _COORDINATE.finditer(k, verb.end())
                                                       for g in _body_run(k, mentions, m.end())))
            out.append(TaskSentence.of(sentence, item=item, leads=leads or inherited, coordinators=coordinators,
                                       task_from=task_from))
    return out


def _assigns_by_heading(parsed: ParsedDocument, section) -> bool:
    """Whether a section is in a part where a heading naming a body assigns it the bullets under
    it (the profile says which: a plan's "Tổ chức thực hiện", a directive's whole body)."""
    assigning = profile_at(parsed, section).body_headings
    return any(section_role(parsed, parsed.tree.get(sid)) in assigning for sid in (section.id, *section.path))


def _heading_body(title: str) -> str:
    """The body a heading names when the heading is only that body ("Sở Khoa học và Công
    nghệ", "Ban Quản lý khu Kinh tế", "Ủy ban nhân dân xã, phường:"), as printed; else ""."""
    name = _NOTE.sub("", title).strip(" :.")
    mentions = find_bodies(name)
    named = bool(mentions) and mentions[0].start == 0
    if not (named or names_actor(name)) or len(name.split()) > _HEADING_BODY_WORDS:
        return ""
    # "Sở Tài chính chủ trì bố trí kinh phí", "Tổ chức, cá nhân vi phạm bị xử lý theo quy định"
    # say something of the body; "Ban Chỉ đạo chuyển đổi số tỉnh" is a name ("chỉ đạo" inside it)
    after = mentions[0].end if named else 0
    return "" if says_more_than_a_name(name, after) else name


def _parse_subject(sentence: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], int]:
    """(lead bodies with their roles, coordinating bodies, offset where the task starts)."""
    k = key(sentence)
    mentions = find_bodies(sentence)
    pos = (_ASSIGN.match(k).end() if _ASSIGN.match(k) else 0)
    leads: list[tuple[str, str]] = []
    while True:
        group = _body_run(k, mentions, pos)
        if not group:
            break
        pos = group[-1].end
        delegated = _DELEGATE.match(k, pos)
        if delegated and not leads and _body_run(k, mentions, delegated.end()):
            # "UBND Thành phố yêu cầu các Sở, ban, ngành ... triển khai": the bodies asked carry it
            pos = delegated.end()
            continue
        verb = _ROLE_VERB.match(k, pos)
        role = verb["verb"] if verb else "thực hiện"
        leads += [(m.name, role) for m in group]
        if not verb:
            break
        pos = verb.end()
        if role != "lãnh đạo":  # "A lãnh đạo B chỉ đạo ...": B carries the task under A
            break
    coordinators: list[str] = []
    if leads:
        for m in _COORDINATE.finditer(k, pos):
            group = _body_run(k, mentions, m.end())
            coordinators += [g.name for g in group if g.name not in dict(leads)]
            if group and m.start() <= pos + 2:  # "chủ trì, phối hợp với X [task]": the task follows X
                pos = group[-1].end
    while pos < len(sentence) and sentence[pos] in " ,":
        pos += 1
    return tuple(leads), tuple(dict.fromkeys(coordinators)), pos


def _body_run(k: str, mentions: list[BodyMention], pos: int) -> list[BodyMention]:
    """Bodies listed from `pos` on ("A, B và C"), before anything else is said."""
    run: list[BodyMention] = []
    while True:
        while pos < len(k) and k[pos] == " ":
            pos += 1
        mention = next((m for m in mentions if m.start == pos), None)
        if mention is None:
            return run
        run.append(mention)
        sep = _SEPARATOR.match(k[mention.end :])
        if not sep:
            return run
        pos = mention.end + sep.end()


def _task_text(text: str, times: list[When], offset: int, around: When | None = None) -> str:
    """The task wording: notes that only hold a time ("(thực hiện thường xuyên)") are dropped;
    for a time note the task is the clause before it."""
    if around is not None and text[max(around.end - offset, 0):].strip(" )*.;") != "":
        # a time in the middle of a sentence belongs to its own clause
        local_start, local_end = around.start - offset, around.end - offset
        clause_start = text.rfind("; ", 0, max(local_start, 0))
        clause_start = 0 if clause_start < 0 else clause_start + 2
        clause_end = text.find("; ", max(local_end, 0))
        text = text[clause_start : clause_end if clause_end >= 0 else len(text)]
    text = _NOTE.sub(lambda m: "" if find_times(m["inner"]) and _only_time(m["inner"]) else m.group(0), text)
    text = " ".join(text.split()).strip(" ,;.")
    return text[:1].upper() + text[1:]


def _only_time(inner: str) -> bool:
    rest = key(inner)
    for w in find_times(inner):
        rest = rest[: w.start] + " " * (w.end - w.start) + rest[w.end :]
    return not re.sub(r"thực hiện|trong|hoàn thành|[\s,.]", "", rest)
