"""The documents a text names: "Nghị quyết số 06-NQ/TW, ngày 24/01/2022 của Bộ Chính trị về ...",
"Chương trình hành động số 10- CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy", with the date,
issuer and subject printed next to each, and whether the sentence ties it to the text by a verb
("Thực hiện", "Căn cứ", "triển khai", "gắn với"): what a plan implements or is based on.

    refs = references(parsed.document.text)        # [Reference(kind, number, date, ...)], in order
    refs[0].headline                                 # 'Nghị quyết số 06-NQ/TW ngày 24/01/2022 của Bộ Chính trị'
    issuer_matches(refs[0], "bo chinh tri")          # a question's folded issuer phrase

The words are data (resources/relations.yaml; kinds from header.yaml), never one document's content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.question import fold
from assistant.resources import package_path
from assistant.text.dates import key

# An issuer is a body's name: a few words. Longer runs are running text, not a name.
_ISSUER_WORDS = 12
_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d\d"
# Where a sentence ends: a reference's verb must be in its own sentence.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


@dataclass(frozen=True)
class Reference:
    kind: str  # canonical: "Nghị quyết", "Chương trình hành động"
    name: str  # a law's name between its kind and number ("Giao dịch điện tử"), or ""
    number: str  # as printed, spaces removed: "10-CTr/TU"
    date: str | None  # as printed, spaces collapsed: "24/01/2022", "22 tháng 12 năm 2024"
    issuer: str | None  # as printed: "Ban Thường vụ Tỉnh ủy"
    subject: str  # the words after "về" up to the end of the clause, or ""
    start: int  # the reference's span in the text (kind .. issuer)
    end: int
    sentence: int  # where its sentence starts
    clause_end: int  # where its clause ends (";" or the line's end), past any document nested in it
    verb_at: int | None  # where the first verb of `verbs` before it in its sentence starts

    @property
    def tied(self) -> bool:
        """The sentence ties it to the text: "Thực hiện / Căn cứ / gắn với ... <it>"."""
        return self.verb_at is not None

    @property
    def headline(self) -> str:
        parts = [f"{self.kind} {self.name} số {self.number}" if self.name else f"{self.kind} số {self.number}"]
        if self.date:
            parts.append(f"ngày {self.date}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)

    @property
    def details(self) -> int:
        """How much the text prints with it: a fuller mention of the same number is quoted."""
        return bool(self.name) + bool(self.date) + bool(self.issuer)

    @property
    def code(self) -> str:
        """The issuer's code at the end of the number ("TW" of 06-NQ/TW, "CP" of 71/NQ-CP)."""
        return re.sub(r"\d+$", "", re.split(r"[-/]", self.number)[-1])

    def same_number(self, digits: str, code: str = "") -> bool:
        """'20', optionally with its letters ('nq/tw', folded), names this reference."""
        own = re.match(r"\d+", self.number)
        if not own or own.group(0).lstrip("0") != digits.lstrip("0"):
            return False
        letters = lambda s: re.sub(r"[^a-z]", "", s)  # codes compare letter by letter
        return not code or letters(fold(self.number)).startswith(letters(code))


@lru_cache(maxsize=1)
def grammar() -> dict:
    """relations.yaml with header.yaml's kinds; canonical kind names by folded name."""
    import yaml

    from assistant.ingest.blocks import layout

    data = yaml.safe_load(package_path("relations.yaml").read_text(encoding="utf-8"))
    kinds = list(dict.fromkeys(layout()["kinds"] + data["extra_kinds"]))
    data["kinds"] = sorted(kinds, key=len, reverse=True)
    # Folded name -> canonical kind, for questions: names, number codes ("NQ"), English names.
    names = {fold(k): k for k in kinds}
    codes = {fold(c): k for c, k in layout()["number_codes"].items()}
    english = {fold(e): k for e, k in data["english_kinds"].items()}
    data["question_kinds"] = {**english, **names}
    data["question_codes"] = codes
    return data


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    from assistant.ingest.blocks import layout

    g = grammar()
    kinds = "|".join(re.escape(k) for k in g["kinds"])
    # "71/NQ -CP", "10- CTr/TU", "131/2025/NĐ-CP", "59/2020/QH14": spaces around the dashes happen.
    number = r"\d+(?:/(?:19|20)\d\d)?\s*[-/]\s*[A-ZĐ][\w&]*(?:\s*[-/]\s*[A-ZĐ][\w&]*)*"
    words = "|".join(re.escape(w) for w in g["issuer_words"])
    stops = "|".join(re.escape(w) for w in sorted(g["issuer_stops"] + g["kinds"], key=len, reverse=True))
    joins = "|".join(re.escape(w) for w in g["issuer_joins"])
    name_word = r"[^\s,;.():“”\"|]+"
    stop = rf"(?i:{stops})(?!\w)|(?i:{joins})\s+(?i:{kinds})(?!\w)"
    issuer = rf"{name_word}(?:\s+(?!{stop}){name_word}){{0,{_ISSUER_WORDS - 1}}}"
    # A law is cited by its name before its number: "Luật Giao dịch điện tử số 20/2023/QH15".
    named = "|".join(re.escape(k) for k in sorted(layout()["named_kinds"], key=len, reverse=True))
    name = r"(?:\s+(?P<name>[A-ZĐ\u00c0-\u1ef9][^\n,;.():“”\"|]{0,80}?)(?=\s+(?i:số)\s))"
    return re.compile(
        rf"(?<!\w)(?:(?P<named>{named}){name}|(?P<kind>(?i:{kinds})))\s+(?:(?i:số)\s*:?\s*)?(?P<number>{number})"
        rf"(?:\s*,?\s*(?:(?i:ban hành)\s+)?(?i:ngày)\s+(?P<date>{_DATE}))?"
        rf"(?:\s*,?\s*(?i:{words})\s+(?P<issuer>{issuer}))?"
    )


@lru_cache(maxsize=32)
def references(text: str) -> tuple[Reference, ...]:
    """Every document the text names by number, in order (cached by text: documents are long)."""
    g = grammar()
    canonical = {k.lower(): k for k in g["kinds"]}
    # Verbs are looked for in the key form (lower case, one tone-mark convention, same offsets).
    verb = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(key(v)) for v in g["verbs"]) + r")(?!\w)")
    keyed = key(text)
    about = re.compile(r"\s*,?\s*(?:" + "|".join(re.escape(w) for w in g["subject_words"]) + r")\s+", re.IGNORECASE)
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    found = list(_pattern().finditer(text))
    out = []
    for i, m in enumerate(found):
        sentence_start = max((e for e in ends if e <= m.start()), default=0)
        clause_end = min([p for p in (text.find(";", m.end()), text.find("\n", m.end())) if p >= 0] + [len(text)])
        limit = min(clause_end, found[i + 1].start()) if i + 1 < len(found) else clause_end
        rest = text[m.end():limit]
        subject = rest[a.end():] if (a := about.match(rest)) else ""
        out.append(Reference(
            kind=m["named"] or canonical.get(m["kind"].lower(), m["kind"]),
            name=" ".join(m["name"].split()) if m["name"] else "",
            number=re.sub(r"\s+", "", m["number"]),
            date=" ".join(m["date"].split()) if m["date"] else None,
            issuer=_issuer(m["issuer"]),
            subject=" ".join(subject.split()).rstrip(".,"),
            start=m.start(), end=m.end(),
            sentence=sentence_start,
            clause_end=clause_end,
            verb_at=v.start() if (v := verb.search(keyed, sentence_start, m.start())) else None,
        ))
    return tuple(out)


def listed(text: str, refs: list[Reference]) -> list[Reference]:
    """The references of one sentence that form the list its first one opens: "Căn cứ A; B và
    C" gives A, B, C, but not the resolution nested in C's subject ("C về thực hiện D") nor the
    laws that amended A ("A đã được sửa đổi theo E, F")."""
    joins = "|".join(re.escape(w) for w in grammar()["issuer_joins"])
    separators = re.compile(rf"[\s,;]*(?:(?i:{joins})\s+)?")
    out = refs[:1]
    for r in refs[1:]:
        last = out[-1]
        if separators.fullmatch(text[last.end:r.start]) or (
                last.clause_end <= r.start and separators.fullmatch(text[last.clause_end:r.start])):
            out.append(r)
    return out


def _issuer(found: str | None) -> str | None:
    """The issuer as printed, without a joining word it ran into ("... Tỉnh ủy và")."""
    if not found:
        return None
    words = found.split()
    while words and words[-1].lower() in grammar()["issuer_joins"]:
        words.pop()
    return " ".join(words) or None


def issuer_matches(ref: Reference, asked: str) -> bool:
    """Whether a question's issuer phrase (folded: "ban thuong vu tinh uy", "tinh") names the
    reference's issuer: as printed, or, when the text prints none, as its number's code implies
    (a "-NQ/TU" is a Tỉnh ủy's). The code never overrides a printed issuer: 20-NQ/TW of the Ban
    Chấp hành Trung ương is not the Bộ Chính trị's though both are "TW"."""
    names = [ref.issuer] if ref.issuer else grammar()["issuer_codes"].get(ref.code, [])
    pattern = re.compile(rf"(?<![a-z]){re.escape(asked)}(?![a-z])")
    return any(pattern.search(fold(n)) for n in names)
