"""The extractive backend: answers in the documents' own words, no language model needed.

It scores the bullets, sentences and clauses of the retrieved chunks against the question
(IDF-weighted coverage of the question's terms, accent-folded, with the section heading as
context), prefers units of the kind the question asks for (a figure, a deadline, a body),
quotes the best ones with their section, and puts the figure first for "bao nhiêu". It
declines when the evidence does not cover the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answer.answerability import Decision, decide, measure
from assistant.answer.evidence import (ABOUT_SUBJECT, ANSWER_TYPES, about_subject, bodies_not_in_evidence, has_unit,
                                      heading_names_asked_body, in_evidence, mentions)
from assistant.answer.question import QuestionInfo, analyse, fold, place_names_in, question_parts
from assistant.answer.verdict import verdict
from assistant.index.headings import top_id
from assistant.model import Hit
from assistant.text.bodies import find_bodies
from assistant.text.dates import DATE, time_mentions
from assistant.text.figures import FIGURE, URBAN_CLASS, as_stated, is_measured, names_a_year
from assistant.text.markers import is_signature
from assistant.text.normalize import fold_diacritics, proper_names, years
from assistant.text.spans import clauses as split_clauses
from assistant.text.tokens import folded_tokens
from assistant.text.units import Unit, UnitIndex, coverage

# Whether the documents answer at all is decided by answer/answerability.py (a calibrated
# model over several signals). EXTRA_UNIT_RATIO decides whether a second or third unit is
# close enough to the best to be quoted too (chosen on the dev set, evals/bench_answers.py).
# English questions are matched by meaning (e5 cosine of question and unit) instead of words;
# below this similarity the documents are taken not to answer. Chosen on the dev halves of
# evals/questions/natural/: their English questions without an answer reach 0.795 at most, the
# lowest right answer above that is 0.809 (README, "Answering what users ask").
MIN_SIMILARITY = 0.80
# Units of a section that stand for its bare heading when dense search ranks the heading. Not
# tuned: a bound on cost (each unit is embedded once, about 60 ms on 2 cores, then cached); the
# first lines of a section are where its subject is stated.
HEADING_UNITS = 8
# A question whose words are mostly a section's own heading asks about that whole section.
SECTION_QUESTION = 0.6
EXTRA_UNIT_RATIO = 0.85
MAX_UNITS = 3
_KIND_BONUS = 0.12
_CONTEXT_WEIGHT = 0.5
_WRONG_HORIZON_PENALTY = 0.35


@dataclass(frozen=True)
class Scored:
    unit: Unit
    score: float
    coverage: float


@dataclass(frozen=True)
class Extract:
    """The extractive decision: chosen units and a headline, or a reason to decline."""

    units: tuple[Unit, ...]
    headline: str = ""  # the figure / class / deadline put first
    declined: str = ""  # non-empty: why the documents do not answer
    related: tuple[Unit, ...] = ()  # declined, but these passages touch the subject
    decision: Decision | None = None


def extract(info: QuestionInfo, hits: list[Hit], units: UnitIndex, similarity=None, documents=None,
            scoped: bool = False, answer_at: float | None = None) -> Extract:
    """`similarity(question, texts) -> list[float]` scores units by meaning for English questions;
    `documents` (doc_id -> Document) lets a name the question asks about be found in the
    retrieved passages or the document's metadata (a city's programme never repeats the city in
    its bullets) and gives each document's profile;
    `scoped`: the question named its document; `answer_at` overrides the model's operating point."""
    gate = _Gate(scoped, answer_at)
    if not hits:
        return Extract((), declined="no passage matched the question")
    if (not info.english and "signer" not in info.kinds
            and not _profile((documents or {}).get(hits[0].chunk.doc_id)).situation_questions):
        if len(info.years) >= 2:
            ordered = sorted(info.years, key=lambda y: info.text.find(y))
            return _per_part([(y, replace(info, years=frozenset({y}))) for y in ordered], hits, units, similarity,
                             documents, gate)
        asked = question_parts(info.text)
        if len(asked) >= 2:
            return _per_part([("", analyse(p, units.abbreviations)) for p in asked], hits, units, similarity,
                             documents, gate)
    return _extract_one(info, hits, units, similarity, documents, gate)


@dataclass(frozen=True)
class _Gate:
    scoped: bool
    answer_at: float | None


def _per_part(asked: list[tuple[str, QuestionInfo]], hits: list[Hit], units: UnitIndex, similarity, documents,
              gate: _Gate) -> Extract:
    """"Tỷ lệ ... năm 2025 và năm 2030 lần lượt là bao nhiêu?" (labelled by year), "Khi nào ...,
    và cơ quan nhận có trách nhiệm gì?" (unlabelled): each part is asked on its own and the parts
    are answered side by side, each with its own quote; a part the documents do not answer is
    said to be missing, never dropped silently."""
    parts = [(label, _extract_one(info, hits, units, similarity, documents, gate)) for label, info in asked]
    found = [(y, p) for y, p in parts if not p.declined]
    if not found:
        return parts[0][1]
    # One document answers all parts: a year another document happens to state is not this
    # document's answer (never stitch unrelated documents).
    home = found[0][1].units[0].doc_id if found[0][1].units else None
    found = [(y, p) for y, p in found if all(u.doc_id == home for u in p.units)]
    chosen: list[Unit] = []
    heads = []
    for year, part in found:
        for u in part.units:
            if not any(_overlaps(u, c) for c in chosen):
                chosen.append(u)
        if part.headline and not year:
            heads.append(part.headline)
        elif part.headline and any(year in u.text or year in u.chunk.section_title for u in part.units):
            heads.append(f"năm {year}: {part.headline}")
    headline = "; ".join(heads) if len(heads) == len(found) else ""
    if len(found) < len(parts):
        headline = (headline + ". " if headline else "") + "Tài liệu không nêu nội dung cho một phần của câu hỏi"
    return Extract(tuple(chosen), headline, decision=found[0][1].decision)


def _extract_one(info: QuestionInfo, hits: list[Hit], units: UnitIndex, similarity, documents, gate: _Gate) -> Extract:
    if "signer" in info.kinds:
        signature = _signature(hits, units)
        if not signature:
            return Extract((), declined="the document has no signature block")
        return Extract(signature, headline=signature[-1].body)
    if info.english and similarity is not None:
        return _extract_by_meaning(info, hits, units, similarity, documents or {})
    # Equal scores: a list question, or one asking what a body must do, prefers the longer unit
    # (the whole sentence over one of its clauses); other questions the shorter, more precise one.
    longer_first = "list" in info.kinds or ("responsibility" in info.kinds and "who" not in info.kinds)
    scored = sorted(_score_all(info, hits, units),
                    key=lambda s: (-round(s.score, 6), -(s.unit.end - s.unit.start) if longer_first else s.unit.end - s.unit.start))
    if not scored:
        return Extract((), declined="no passage matched the question")
    best = scored[0]
    situation = _profile((documents or {}).get(best.unit.doc_id)).situation_questions
    decision = decide(measure(info, best, scored, hits, units, gate.scoped, _kind_bonus(info, best.unit), situation),
                      answer_at=gate.answer_at)
    if decision.outcome != "answer":
        return Extract((), declined=f"confidence {decision.confidence:.2f} is below the answer point "
                       f"(the best passage covers {best.coverage:.0%} of the question)",
                       related=(best.unit,) if decision.outcome == "related" else (), decision=decision)
    floor = best.coverage * EXTRA_UNIT_RATIO
    for found, missing in _asked_types(info, situation):
        # "bao nhiêu" is answered by a figure, "năm nào" by a year, "sở nào" by a body: the best
        # unit that has one, or a decline ("Thường xuyên" does not answer "vào năm nào?").
        if not found(info, best.unit):
            typed = [s for s in scored if found(info, s.unit) and s.coverage >= floor]
            if not typed:
                return Extract((), declined=f"the passages give no {missing} for this", decision=decision)
            best = typed[0]
    # A figure answers "bao nhiêu", a year "năm nào", only if its passage speaks of what is asked:
    # "tỷ lệ đô thị hóa ... năm 2035" is not answered by another figure under a 2035 heading,
    # "sơ kết vào năm nào?" not by another strategy's "đến năm 2030".
    typed_kind = next(((found, missing) for need, found, missing in ANSWER_TYPES
                       if missing in ABOUT_SUBJECT and need(info)), None)
    if typed_kind and not about_subject(info, best.unit):
        found, missing = typed_kind
        typed = [s for s in scored if found(info, s.unit) and about_subject(info, s.unit) and s.coverage >= floor]
        if not typed:
            return Extract((), declined=ABOUT_SUBJECT[missing], decision=decision)
        best = typed[0]
    whole = _section_asked(info, hits, units)
    if whole:
        return Extract(whole, decision=decision)
    return replace(_finish(info, best, scored, units, documents or {}, hits), decision=decision)


def _asked_types(info: QuestionInfo, situation: bool) -> list[tuple]:
    """(the unit has it, what is missing) for each kind of answer the question asks for. A law's
    reader is answered by whoever and wherever the law says ("nộp hồ sơ ở địa chỉ nào?": the
    registration office); "tỉnh nào?" needs a province named, in a law as in a plan."""
    return [(found, missing) for need, found, missing in ANSWER_TYPES
            if need(info) and not (situation and missing in ("body", "address"))]


def _finish(info: QuestionInfo, best: Scored, scored: list[Scored], units: UnitIndex, documents: dict,
            hits: list[Hit]) -> Extract:
    document = documents.get(best.unit.doc_id)
    situation = _profile(document).situation_questions
    absent_roles = [r for r in info.roles if r not in fold(best.unit.text) and not situation]
    if absent_roles:
        return Extract((), declined=f"the passages do not name the office asked about ({', '.join(absent_roles)})")
    missing = [n for n in info.names if not situation and not mentions(best.unit, n)
               and not in_evidence(document, n, hits)]
    if missing:
        return Extract((), declined=f"the passages do not mention {', '.join(missing)}")
    unnamed = [] if situation else bodies_not_in_evidence(info.text, best.unit, document, hits, units.abbreviations)
    if unnamed:
        return Extract((), declined=f"the passages do not name {', '.join(unnamed)}")
    absent_years = [y for y in info.years if y not in best.unit.text and y not in best.unit.chunk.section_title
                    and not situation]
    if absent_years:
        return Extract((), declined=f"the passages say nothing for {', '.join(absent_years)}")
    headline = _headline(info, best.unit)
    if info.required_unit and not has_unit(best.unit.text, info.required_unit, info.share_allowed):
        return Extract((), declined="the documents give no figure of the kind asked for")
    chosen = [best.unit]
    if best.unit.text.rstrip().endswith(":"):
        # A lead-in ("Huy động nguồn lực từ đất đai:") is answered by the list that follows it.
        chosen += _following(best.unit, units, MAX_UNITS)
    for s in scored[1:]:
        if len(chosen) >= MAX_UNITS or (headline and "list" not in info.kinds):
            break
        same_section = (s.unit.doc_id, s.unit.section_id) == (best.unit.doc_id, best.unit.section_id)
        if same_section and s.score >= best.score * EXTRA_UNIT_RATIO and not any(_overlaps(s.unit, c) for c in chosen):
            chosen.append(s.unit)
    spread = _spread(document)
    if spread > 1 and not headline:
        chosen = _governing(best, chosen, scored, hits, spread, keep_best=bool(_asked_types(info, situation)))
    chosen.sort(key=lambda u: (u.doc_id, u.start))
    if "yesno" in info.kinds and not situation:  # a law's reader asks what is allowed: the quote, no verdict
        stated = headline or _headline(replace(info, kinds=info.kinds | {"numeric"}), best.unit)
        said = verdict(info, best.unit.text, stated)
        headline = f"{said}, {headline[:1].lower()}{headline[1:]}" if said and headline else said or headline
    return Extract(tuple(chosen), headline)


def _governing(best: Scored, chosen: list[Unit], scored: list[Scored], hits: list[Hit], spread: int,
               keep_best: bool = False) -> list[Unit]:
    """The provisions that govern the asker's situation: the best unit of each of the first
    `spread` articles of the evidence, in the order the search ranked them. When the search
    weighed each article's heading and whole body (index/headings.py; its hits carry those
    signals), it knows better than the unit scores, which see the words of one clause: the best
    unit leads only when its article is among the first, and gives way when it is not (law
    answers citing a gold article, README "Answering what users ask": with the article bodies
    weighed, dev 0.564 -> 0.585; with the headings alone, validation 0.570 -> 0.581). It never
    gives way when it was chosen for holding what the question asks for (`keep_best`: a year, a
    figure, a place); nor where the search did not weigh articles (another mode, rrf fusion)."""
    ranked = list(dict.fromkeys(top_id(h.chunk.section_id) for h in hits if h.chunk.doc_id == best.unit.doc_id))
    lead = top_id(best.unit.section_id)
    weighed = any("heading" in h.signals or "body" in h.signals for h in hits)
    if weighed and not keep_best and lead not in ranked[:spread]:
        out, articles = [], ranked[:spread]
    else:
        out, articles = list(chosen), [a for a in ranked if a != lead][:spread - 1]
    for article in articles:
        if article == lead and out:
            continue
        unit = next((s.unit for s in scored if s.unit.doc_id == best.unit.doc_id
                     and top_id(s.unit.section_id) == article and s.coverage > 0), None)
        if unit is not None and not any(_overlaps(unit, c) for c in out):
            out.append(unit)
    return out or list(chosen)


def _profile(document):
    from assistant.ingest.profiles import profile_for

    meta = document.meta if document is not None else {}
    return profile_for(meta.get("kind"), meta.get("issuer"))


def _spread(document) -> int:
    return _profile(document).answer_spread


def _extract_by_meaning(info: QuestionInfo, hits: list[Hit], units: UnitIndex, similarity, documents: dict) -> Extract:
    candidates = []
    for h in hits:
        # Dense search ranks a bare heading ("V. TỔ CHỨC THỰC HIỆN") high for an English
        # question: the heading's own first lines stand for it.
        own = units.by_chunk.get(h.chunk.chunk_id) or units.within(h.chunk.doc_id, h.chunk.section_id)[:HEADING_UNITS]
        candidates += [u for u in own if u not in candidates]
    if not candidates:
        return Extract((), declined="no passage matched the question")
    sims = similarity(info.text, [u.chunk.breadcrumb.rsplit(" > ", 1)[-1] + ": " + u.text for u in candidates])
    scored = sorted((Scored(u, s + _kind_bonus(info, u) / 4, s) for u, s in zip(candidates, sims)),
                    key=lambda s: (-round(s.score, 6), s.unit.end - s.unit.start))
    best = scored[0]
    if best.coverage < MIN_SIMILARITY:
        return Extract((), declined=f"no passage is close in meaning ({best.coverage:.2f})")
    return _finish(info, best, scored, units, documents, hits)


def _signature(hits: list[Hit], units: UnitIndex) -> tuple[Unit, ...]:
    """The signature block ("T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / Mùa A Sơn") of the best document."""
    doc_id = hits[0].chunk.doc_id
    closing = [u for us in units.by_chunk.values() for u in us if u.doc_id == doc_id and u.section_id == "closing"]
    closing.sort(key=lambda u: u.start)
    start = next((i for i, u in enumerate(closing) if is_signature(u.text)), None)
    if start is None or not proper_names(closing[-1].text):
        return ()
    return tuple(closing[start:])


def _section_asked(info: QuestionInfo, hits: list[Hit], units: UnitIndex) -> tuple[Unit, ...]:
    """'Mục đích, yêu cầu của Kế hoạch là gì?': the opening lines of the section it names."""
    if info.kinds & {"numeric", "deadline", "signer"} or not info.tokens:
        return ()
    for hit in hits[:2]:
        heading = folded_tokens(hit.chunk.section_title)
        if coverage(info.tokens, heading, frozenset(), units.idf) >= SECTION_QUESTION:
            lines = [u for u in units.by_chunk.get(hit.chunk.chunk_id, []) if "\n" not in u.text]
            whole_lines = sorted({u.start: max((x for x in lines if x.start == u.start), key=lambda x: x.end)
                                  for u in lines}.values(), key=lambda u: u.start)
            return tuple(whole_lines[:2])
    return ()


def _following(lead: Unit, units: UnitIndex, limit: int) -> list[Unit]:
    """The bullets after a lead-in line, in the same section (whole lines, not clauses)."""
    same = [u for cid, us in units.by_chunk.items() for u in us
            if u.doc_id == lead.doc_id and u.section_id == lead.section_id]
    lines = sorted({(u.start, u.end): u for u in same if u.start >= lead.end and u.text.lstrip()[:1] in "+-–•"}.values(),
                   key=lambda u: u.start)
    out: list[Unit] = []
    for u in lines:
        if not any(_overlaps(u, o) for o in out) and len(out) < limit:
            out.append(max((x for x in same if x.start == u.start), key=lambda x: x.end - x.start))
    return out


def _score_all(info: QuestionInfo, hits: list[Hit], units: UnitIndex) -> list[Scored]:
    out = []
    short = tuple(sorted(units.abbreviations.items()))  # once per question, not per passage
    for rank, hit in enumerate(hits):
        context = folded_tokens(hit.chunk.breadcrumb, units.abbreviations)
        horizon = years(hit.chunk.section_title)
        body_bonus = _KIND_BONUS if heading_names_asked_body(info, hit.chunk.breadcrumb, units.idf, short) else 0.0
        for unit in units.by_chunk.get(hit.chunk.chunk_id, []):
            covered = coverage(info.tokens, unit.tokens, context, units.idf, _CONTEXT_WEIGHT)
            score = covered + _kind_bonus(info, unit) + 0.05 / (rank + 1) + body_bonus
            if info.years and horizon:
                # The section's own heading names a horizon: reward the asked one, punish others.
                score += _KIND_BONUS if info.years & horizon else -_WRONG_HORIZON_PENALTY
            out.append(Scored(unit, score, covered))
    return out


def _kind_bonus(info: QuestionInfo, unit: Unit) -> float:
    text = unit.text
    bonus = 0.0
    if "signer" in info.kinds and unit.section_id == "closing" and proper_names(text):
        bonus += 3 * _KIND_BONUS
    if "numeric" in info.kinds and (FIGURE.search(text) or URBAN_CLASS.search(text)):
        bonus += _KIND_BONUS
    if "deadline" in info.kinds and time_mentions(text):
        bonus += _KIND_BONUS
    if "responsibility" in info.kinds and find_bodies(text):
        bonus += _KIND_BONUS
    if info.kinds & {"where", "place", "address"} and place_names_in(text):
        bonus += _KIND_BONUS
    return bonus


def _headline(info: QuestionInfo, unit: Unit) -> str:
    """The figure (or urban class, date, deadline) the question asks for, as written, taken
    from the clause of the unit that matches the question best: "5G" must not borrow the
    fibre clause's "80%"."""
    text = _best_clause(info, unit)
    if "ngay" in info.tokens and (dates := list(DATE.finditer(text))):
        return "Ngày " + _nearest(dates, text, info).group(0)
    if "numeric" in info.kinds:
        if "loai" in " ".join(info.tokens):
            m = URBAN_CLASS.search(text)
            if m:
                return m.group(0)
        figures = [m for m in FIGURE.finditer(text) if is_measured(m) and not names_a_year(m)]
        if figures:
            return as_stated(_nearest(figures, text, info))
    if "deadline" in info.kinds:
        times = time_mentions(text)
        if times:
            return text[times[0].start : times[0].end].strip()
    return ""


def _best_clause(info: QuestionInfo, unit: Unit) -> str:
    body = unit.body
    clauses = [body[s:e] for s, e in split_clauses(body, 0, len(body))]
    if len(clauses) < 2:
        return unit.body
    return max(clauses, key=lambda c: len(folded_tokens(c) & set(info.tokens)))


def _nearest(matches: list[re.Match[str]], text: str, info: QuestionInfo) -> re.Match[str]:
    """The figure closest to where the question's words occur in the text."""
    folded = fold_diacritics(text.lower())
    anchors = [folded.find(t.replace("_", " ")) for t in info.tokens if "_" in t and t.replace("_", " ") in folded]
    if not anchors:
        return matches[0]
    return min(matches, key=lambda m: min(abs(m.start() - a) for a in anchors))


def _overlaps(a: Unit, b: Unit) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end
