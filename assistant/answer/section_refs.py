"""Sections a question names: "Mục III.2", "điểm 4 phần V", "khoản 3 Điều 17", "Phụ lục I",
as ids of DESIGN.md ("Section ids"), and the sections of one document's tree they mean. The
words questions use for levels are data (resources/sections.yaml); matching ignores case and
diacritics, except a point's letter ("điểm đ" is not "điểm d").

    section_refs("Điểm b khoản 1 Điều 109 quy định gì?")        # ["Điều 109.1.b"]
    resolve(["2.2"], tree, "Tiểu mục 2.2 trong phần mục tiêu nói gì?")   # [Section II.2.2]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from assistant.model import CLOSING_ID, PREAMBLE, ParsedDocument, Section, SectionTree
from assistant.resources import package_path
from assistant.text.markers import roman_to_int, to_roman
from assistant.text.normalize import fold_diacritics, search_form
from assistant.text.tokens import content_tokens
from assistant.text.units import BIGRAM_WEIGHT

# Nesting order of the levels a reference may name, outermost first.
_RANK = {"appendix": 0, "chapter": 1, "part": 2, "article": 3, "section": 4, "clause": 5, "point": 6}
_ID_WORDS = {"appendix": "Phụ lục", "chapter": "Chương", "article": "Điều"}
# Sections that hold no items to list or resolve into.
NO_ITEMS = (PREAMBLE, CLOSING_ID)

# --- vocabulary ----------------------------------------------------------------------------
def forms(text: str) -> tuple[str, str]:
    """The text in search form and folded (no diacritics), with the same offsets."""
    searched = search_form(text)
    folded = fold_diacritics(searched)
    return (searched if len(folded) == len(searched) else folded), folded


def fold(text: str) -> str:
    return forms(text)[1]


def any_of(phrases: Iterable[str]) -> str:
    """Any of the phrases as whole words of folded text, longest first."""
    folded = sorted({fold(p).strip() for p in phrases}, key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in folded) + r")(?!\w)"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    import yaml  # lazily: importing the answer stage loads no third-party package

    data = yaml.safe_load(package_path("sections.yaml").read_text(encoding="utf-8"))
    level_of = {fold(w): kind for kind, words in data["levels"].items() for w in words}
    number = r"(?P<num>(?:\d{1,3}[a-z]?|[ivxlc]{1,6})(?:\.(?:\d{1,3}|[a-z]))*|[a-z])"
    summary = data["summary"]
    return {
        "level_of": level_of,
        # a level word, "số"/"thứ", its number: not "57" of "Nghị quyết 57", not "2/3" or "5%"
        "reference": re.compile(rf"(?<![\w.])(?P<kw>{any_of(level_of)})(?:\s+{any_of(data['number_words'])})?"
                                rf"(?:\s+{number}(?![\w/%]|[.,]\d))?(?!\w)"),
        # both spellings: "tại khoản 1" is a reference, "tài khoản 1" is not, and "tai khoan 1"
        # typed without diacritics is read the cautious way
        "compounds": {fold(k): frozenset(search_form(w) for w in v) | frozenset(fold(w) for w in v)
                      for k, v in data["compounds"].items()},
        "connectors": re.compile(rf"^(?:[\s,;:–-]|{any_of(data['connectors'])})*$"),
        "conjunctions": re.compile(rf"^(?:[\s,;]|{any_of(data['conjunctions'])})*$"),
        "verbs": re.compile(any_of(summary["verbs"])),
        # "những … nào": the frame's words are groups 1, 3, ...; the subject between them is not
        "frames": tuple(re.compile(r"(.{1,60}?)".join(f"({any_of([p])})" for p in f.split("…")))
                        for f in summary["frames"]),
        "fillers": re.compile(any_of(summary["fillers"])),
        "horizon": frozenset(fold(w) for p in summary["horizon_words"] for w in p.split()),
        # folded level word -> (the word as written in the answer, the divisions it counts)
        "count_levels": {" ".join(fold(k).split()): (k, v) for k, v in data["count_levels"].items()},
        "count_level": re.compile(rf"(?<!\w)(?:bao\s+nhieu|may)\s+(?P<level>{any_of(data['count_levels'])})"
                                  rf"(?:\s*(?:[?.,!;:]|{any_of(data['count_level_ends'])}))*\s*$"),
        "compare": re.compile(any_of(data["comparison"]["asks"])),
        "joins": re.compile(any_of(data["comparison"]["joins"])),
    }


# --- 1. references named by a question -----------------------------------------------------
class _Atom(NamedTuple):
    """A level word and its number in a question: ("clause", "3", start, end, compound)."""

    kind: str
    num: str
    start: int
    end: int
    compound: bool  # "thời điểm 3", "tài khoản 1": another noun, unless an outer level follows


def _is_roman(numeral: str) -> bool:
    numeral = numeral.upper()
    if not numeral or not set(numeral) <= set("IVXLC"):
        return False
    value = roman_to_int(numeral)
    return 0 < value < 90 and to_roman(value) == numeral


def _canonical_number(kind: str, num: str) -> str | None:
    """The number as ids write it ("iii.2" -> "III.2", appendix "01" -> "I", point "Đ" -> "đ"),
    or None when it cannot be a number of that level."""
    if not num or kind == "point":
        return num.lower() if len(num) <= 1 or num.isdigit() else None
    head, *rest = num.split(".")
    if head.isalpha() and not _is_roman(head) or kind == "article" and rest:
        return None  # "mục a"; "Điều 5.1" is written "khoản 1 Điều 5"
    if head.isdigit():
        # "phụ lục 1", "chương 2", "phần 2" are numbered in Roman
        head = to_roman(int(head)) if kind in ("appendix", "chapter", "part") else str(int(head))
    return ".".join([head.upper()] + [r.lower() if r.isalpha() else str(int(r)) for r in rest])


def _atoms(question: str) -> tuple[str, str, list[_Atom]]:
    vocab = vocabulary()
    text, folded = forms(question)
    atoms = []
    for m in vocab["reference"].finditer(folded):
        kw = " ".join(m.group("kw").split())
        kind = vocab["level_of"][kw]
        num = _canonical_number(kind, text[m.start("num") : m.end("num")] if m.group("num") else "")
        if num is not None and (num or kind == "appendix"):
            before = text[: m.start()].split()
            atoms.append(_Atom(kind, num, m.start(), m.end(), bool(before) and before[-1] in vocab["compounds"].get(kw, ())))
    return text, folded, atoms


def _render(group: list[_Atom]) -> str:
    """One id from the levels a reference names, outermost first: [khoản 3, Điều 17] -> "Điều 17.3"."""
    atoms = sorted(group, key=lambda a: (_RANK[a.kind], -a.start))
    kinds = {a.kind for a in atoms}
    if "article" in kinds:  # articles are numbered through the whole law, not per chapter
        atoms = [a for a in atoms if a.kind not in ("chapter", "part")]
    words = {**_ID_WORDS, **({"section": "Mục"} if "chapter" in kinds else {})}  # a law's Mục in its Chương
    return ".".join(f"{words[a.kind]} {a.num}".strip() if a.kind in words else a.num for a in atoms)


def _groups(folded: str, atoms: list[_Atom]) -> list[list[_Atom]]:
    """Atoms joined into references: "điểm 4 của phần V" is one, "Điều 5 và Điều 6" two; an
    inner level before a conjunction takes the outer levels after it ("khoản 1 và khoản 2
    Điều 5": Điều 5.1 and Điều 5.2)."""
    vocab = vocabulary()
    groups: list[list[_Atom]] = []
    for atom in atoms:
        last = groups[-1] if groups else []
        if last and vocab["connectors"].match(folded[last[-1].end : atom.start]) and atom.kind not in {a.kind for a in last}:
            last.append(atom)
        else:
            groups.append([atom])
    for a, b in pairwise(groups):
        inner, own = min(_RANK[x.kind] for x in a), {x.kind for x in a}
        if vocab["conjunctions"].match(folded[a[-1].end : b[0].start]) and own <= {x.kind for x in b}:
            a.extend(x for x in b if _RANK[x.kind] < inner)
    return [g for g in groups if not all(a.compound for a in g)]


def _references(question: str) -> tuple[str, list[tuple[str, list[_Atom]]]]:
    text, folded, atoms = _atoms(question)
    return text, [(_render(g), g) for g in _groups(folded, atoms)]


def section_refs(question: str) -> list[str]:
    """The section ids a question names, in its order: "Mục III.2" -> "III.2", "điểm 4 phần V"
    -> "V.4", "khoản 3 Điều 17" -> "Điều 17.3", "phụ lục 1" -> "Phụ lục I", "tiểu mục 2.2" ->
    "2.2" (a partial id; `resolve` finds where it sits). A document's number ("Nghị quyết
    57"), a year or a figure is never a section."""
    return list(dict.fromkeys(ref for ref, _ in _references(question)[1]))


# --- 2. references -> sections of one tree -------------------------------------------------
@lru_cache(maxsize=1 << 15)
def _segments(section_id: str) -> tuple[str, ...]:
    """Comparison key of an id, level by level: "Điều 17.3.đ" -> ("dieu 17", "3", "đ"); a
    point's letter keeps its diacritic; appendix, chapter and part numbers are Roman."""
    out = []
    for seg in (" ".join(s.split()) for s in section_id.split(".")):
        seg = seg.lower() if len(seg) == 1 else fold_diacritics(seg).lower()
        m = re.fullmatch(r"(phu luc|chuong|phan) 0*(\d+)", seg)
        out.append(f"{m.group(1)} {to_roman(int(m.group(2))).lower()}" if m else seg)
    return tuple(out)


def as_tree(tree: SectionTree | ParsedDocument) -> SectionTree:
    return tree.tree if isinstance(tree, ParsedDocument) else tree


def resolve(refs: Iterable[str], tree: SectionTree | ParsedDocument, question: str = "") -> list[Section]:
    """The sections of one document the refs mean: the exact id (case and diacritics of
    "Điều", "Phụ lục", "Chương" aside); a Roman part "V" also as "Phần V"; a partial id that
    ends exactly one id ("2.2" -> "II.2.2") or, when it ends several, the one whose headings
    (its own and its ancestors') share most words with the rest of the question; a khoản or
    điểm the parser did not find, as its Điều; "Phụ lục I" or "Phụ lục" as a document's only
    appendix; "V" as "Phần V", or as "5" where the parts are numbered so. Refs that resolve to
    nothing are left out (never a guess)."""
    tree = as_tree(tree)
    keyed = [(_segments(s.id), s) for s in tree]
    text, found = _references(question)
    for atom in (a for _, group in found for a in group):
        text = text[: atom.start] + " " * (atom.end - atom.start) + text[atom.end :]
    words = frozenset(content_tokens(text))
    out: list[Section] = []
    for ref in refs:
        section = _resolve_one(_segments(ref), tree, keyed, words)
        if section is not None and section not in out:
            out.append(section)
    return out


def _resolve_one(key: tuple[str, ...], tree: SectionTree, keyed, words: frozenset[str]) -> Section | None:
    by_key = dict(keyed)
    n = len(key)
    roman = n == 1 and _is_roman(key[0])  # "mục V": also "Phần V", or "5" where parts are numbered
    for candidate in (key, ("phan " + key[0],) if roman else None, (str(roman_to_int(key[0].upper())),) if roman else None):
        if candidate in by_key:
            return by_key[candidate]
    tails = [s for k, s in keyed if s.kind not in NO_ITEMS and len(k) > n and k[-n:] == key]
    if tails:
        return tails[0] if len(tails) == 1 else _closest(tails, tree, words)
    appendices = [s for s in tree if s.kind == "appendix" and s.parent is None]
    if key in (("phu luc",), ("phu luc i",)) and len(appendices) == 1:
        return appendices[0]  # "Phụ lục I" of a document whose one appendix has no number, or the reverse
    if key[0].startswith("dieu "):  # a khoản the parser left in its Điều's text
        return next((by_key[key[:d]] for d in range(n - 1, 0, -1) if key[:d] in by_key), None)
    return None


def _closest(candidates: list[Section], tree: SectionTree, words: frozenset[str]) -> Section | None:
    """The candidate whose own and ancestors' headings share most words with the question;
    None on a tie."""
    def shared(section: Section) -> float:
        headings = [tree.get(a).title for a in section.path if tree.get(a)] + [section.title]
        tokens = frozenset(t for h in headings for t in content_tokens(h))
        return sum(BIGRAM_WEIGHT if "_" in t else 1.0 for t in words & tokens)

    scored = sorted(((shared(s), n, s) for n, s in enumerate(candidates)), key=lambda x: (-x[0], x[1]))
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][2]
    return None


