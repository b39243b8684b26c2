"""The header and closing blocks of an administrative or Party document, read from its text:
issuer (with the body above it), số/ký hiệu, place and date, kind, trích yếu, Nơi nhận, the
signer's authority, title and name.

Layouts follow Nghị định 30/2020/NĐ-CP and the Party's Hướng dẫn 36-HD/VPTW wherever they sit
in the file: as separate lines, as the cells of a converted two-column table ("|", "-----"), or
run together on one line. Words that mark the layout are data (resources/header.yaml). A field
the text does not carry stays None: nothing is guessed.

    fields = read_header(document.text)
    fields.number, fields.issued, fields.issuer, fields.signer
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.ingest.blocks import (
    Cell,
    compare_key,
    groups,
    is_caps,
    is_name_word,
    join_wrapped,
    layout,
    proper_case,
    split_cells,
    starts_with,
    strip_mottos,
    strip_mottos_lines,
)
from assistant.ingest.closing import read_closing

# How far into a document the header may start (website banners come first) and how many
# lines it spans.
_HEADER_SEARCH_LINES = 160
_HEADER_LINES = 40
_CELL_MAX = 90  # a header cell is short; a longer line is body text

_OWN_NUMBER = re.compile(r"^(?:[^\W\d]+\s+)?[Ss][ốỐ]\s*:?\s*\d")
_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|[/.-])(?P<m>\d{1,2})\s*(?:năm\s+|[/.-])(?P<y>(?:19|20)\d{2})",
                   re.IGNORECASE)
_PASSED = re.compile(r"thông qua ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
# "Số: 03/NQ-CP", "Số 57-NQ/TW", "Luật số: 60/2024/QH15", "Công Văn Số 402-CV/VPĐU".
_NUMBER = re.compile(r"(?:^|(?<=\s))(?:[^\W\d]+\s+){0,3}[Ss][ốỐ]\s*:?\s*(?P<no>\d+(?:/\d{4})?\s*[/-]\s*[A-ZĐ][\wĐđ&.]*(?:\s*[/-]\s*[\wĐđ&.]+)*)")
# The first words of the body after a trích yếu (written in sentence case: a trích yếu in
# capitals may itself start "THỰC HIỆN ...").
_SUBJECT_STOP = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Kính gửi|Theo đề nghị|Trên cơ sở|Ngày \d|Sau \d|Để |Nhằm )")
_BODY_HEADING = re.compile(r"^(?:[IVX]+[.\-–]\s|Chương\s+[IVX\d]|Điều\s+\d|Phần\s+[IVX\d]|\d+\.\s)")


@dataclass(frozen=True)
class HeaderFields:
    issuer: str | None = None
    parent_issuer: str | None = None
    number: str | None = None
    place: str | None = None
    issued: date | None = None
    kind: str | None = None
    subject: str | None = None  # trích yếu, in the document's words (sentence case if printed in capitals)
    recipients: tuple[str, ...] = ()
    authority: str | None = None  # "T/M", "TM.", "KT." ... with the body it signs for
    signer_title: str | None = None
    signer: str | None = None

    @property
    def title(self) -> str | None:
        """'Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về ...', from the fields present."""
        if not self.kind:
            return None
        parts = [self.kind]
        if self.number:
            parts.append(f"số {self.number}")
        if self.issued:
            parts.append(f"ngày {self.issued:%d/%m/%Y}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.subject and self.kind in layout()["named_kinds"]:
            parts.insert(1, self.subject)  # "Luật Doanh nghiệp số 59/2020/QH14 ..."
        elif self.subject:
            proper = any(self.subject.startswith(w) for w in layout()["proper_words"])
            parts.append(self.subject if proper else self.subject[:1].lower() + self.subject[1:])
        return " ".join(parts)

    def manifest_fields(self) -> dict:
        """The manifest keys this header fills (None where the text carries nothing)."""
        return {"kind": self.kind, "number": self.number, "issued": self.issued.isoformat() if self.issued else None,
                "issuer": self.issuer, "signer": self.signer, "signer_title": self.signer_title}

    @property
    def short_title(self) -> str | None:
        """'Nghị quyết 57-NQ/TW'; a law by its name and year: 'Luật Doanh nghiệp 2020'."""
        if self.kind in layout()["named_kinds"] and self.subject and self.issued:
            return f"{self.kind} {self.subject} {self.issued.year}"
        if self.kind and self.number:
            return f"{self.kind} {self.number}"
        return None


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """The issuing body and the body above it, from the header cells before the number."""
    data = layout()
    names: list[str] = []
    for group in groups(lines):
        for name in join_wrapped([t for t in strip_mottos_lines(group) if t and is_caps(t)]):
            # a place on its own cell still completes the council above ("ỦY BAN NHÂN DÂN" / "TỈNH X")
            if names and starts_with(name, data["place_types"]) and compare_key(names[-1]).endswith("nhân dân"):
                names[-1] = f"{names[-1]} {name}"
            else:
                names.append(name)
    if not names:
        return None, None
    issuer = proper_case(names[-1])
    parent = proper_case(names[-2]) if len(names) > 1 else None
    if parent and starts_with(issuer, data["unit_starts"]) and len(issuer.split()) <= 4 and not starts_with(issuer, data["place_types"]):
        suffix = next((v for k, v in data["parent_short"].items() if compare_key(k) == compare_key(parent)), parent)
        if compare_key(suffix) not in compare_key(issuer):
            issuer = f"{issuer} {suffix}"
    return issuer, parent


def _kind(line: str) -> str | None:
    data = layout()
    cleaned = strip_mottos(line)
    for kind in sorted(data["kinds"], key=len, reverse=True):
        if compare_key(cleaned) == compare_key(kind):
            return kind
    return None


def _kind_from_number(number: str | None, line: str) -> str | None:
    data = layout()
    lead = re.match(r"^\s*([^\W\d][\w ]*?)\s+[Ss]ố\b", line)
    if lead:
        found = starts_with(lead.group(1), data["kinds"])
        if found:
            return found
    if number:
        for code in re.findall(r"[A-ZĐa-z]+", number.split("/")[0] + "-" + "-".join(number.split("/")[1:])):
            if code in data["number_codes"]:
                return data["number_codes"][code]
    return None


def _place(before_date: str) -> str | None:
    """'Số: 03/NQ-CP Hà Nội, ' -> 'Hà Nội': the capitalised words just before ', ngày'."""
    text = before_date.rstrip(" ,*")
    if not before_date.rstrip(" *").endswith(","):
        return None
    words: list[str] = []
    for w in reversed(text.split()):
        if not is_name_word(w.strip("*")):
            break
        words.insert(0, w.strip("*"))
    return " ".join(words) or None


def _date(match: re.Match) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def read_header(text: str) -> HeaderFields:
    """Every header and closing field the text carries."""
    cells = split_cells(text)
    head = cells[:_HEADER_SEARCH_LINES]
    numbered = [i for i, c in enumerate(head) if c.text and len(c.text) <= _CELL_MAX and _own_number(c.text)]
    # The header's own "Số: ..." cell, before a title line that also carries the number.
    number_at = next((i for i in numbered if _OWN_NUMBER.match(head[i].text)), numbered[0] if numbered else None)
    if number_at is not None:
        fields: dict = _around_number(cells, number_at)
    else:  # no số/ký hiệu printed: the kind line still opens the header
        kind_at = next((i for i, c in enumerate(head[:_HEADER_LINES]) if c.text and _kind(c.text)), None)
        fields = _around_number(cells, kind_at, numbered=False) if kind_at is not None else {}
    # A website copy may open with its title line; it fills what the header block left empty.
    for name, value in _title_line(head).items():
        if value and not fields.get(name):
            fields[name] = value
    if fields.get("issued") is None:
        passed = _PASSED.search(text)
        if passed:
            fields["issued"] = _date(passed)
    fields.update(read_closing(cells))
    authority = fields.get("authority") or ""
    if not fields.get("issuer") and re.match(r"^(?:T/M|TM\.?|T\.M)\s+\S", authority):
        # "T/M BAN THƯỜNG VỤ": signed on behalf of the body, which the text names only there
        fields["issuer"] = proper_case(re.sub(r"^\S+\s+", "", authority))
    return HeaderFields(**fields)


def _own_number(text: str) -> bool:
    """A header's số/ký hiệu, not a number cited in a sentence ("thực hiện Nghị quyết số ...").
    Before "Số" may stand only a kind ("Luật số:", "Công văn số") or the issuer in capitals."""
    m = _NUMBER.search(text)
    if not m:
        return False
    lead = re.sub(r"[Ss][ốỐ]\s*:?\s*$", "", text[: m.start("no")]).strip(" *|")
    return not lead or is_caps(lead) or starts_with(lead, layout()["kinds"]) is not None


def _around_number(cells: list[Cell], at: int, numbered: bool = True) -> dict:
    """Header fields around the number cell at `at` (or, with numbered=False, around the kind
    line at `at` of a document that prints no number)."""
    data = layout()
    line = cells[at].text if numbered else ""
    number = re.sub(r"\s+", "", _NUMBER.search(line).group("no")) if numbered else None
    if not numbered:
        at -= 1
    before: list[str] = []
    for c in reversed(cells[max(0, at - _HEADER_LINES // 2):max(0, at)]):
        if c.text and (len(c.text) > _CELL_MAX or not is_caps(strip_mottos(c.text) or "X")):
            break  # a banner or a title line of a website copy, not the header
        before.insert(0, c.text)
    # Text on the number's own line before "Số" is an issuer cell ("CHÍNH PHỦ Số: ...").
    lead = line[: _NUMBER.search(line).start("no")] if numbered else ""
    lead = re.sub(r"(?:[^\W\d]+\s+){0,3}?[Ss][ốỐ]\s*:?\s*$", "", lead).strip()
    if lead and is_caps(lead):
        before += ["", lead]
    issuer, parent = _issuer(before)
    out: dict = {"number": number, "issuer": issuer, "parent_issuer": parent}
    kind, subject, issuer_named = None, [], None
    after = [c.text for c in cells[at + 1: at + 1 + _HEADER_LINES]]
    kind_at = next((n for n, t in enumerate(after) if t and _kind(t)), len(after))
    for group in groups([line] + after[:kind_at]):
        joined = " ".join(strip_mottos_lines(group))
        m = _DATE.search(joined)
        if m:
            out["issued"] = _date(m)
            out["place"] = _place(joined[: m.start()])
            break
    i = 0
    while i < len(after):
        t = after[i]
        if not t:
            if subject and not is_caps(" ".join(subject)) and i + 1 < len(after) and after[i + 1] and is_caps(after[i + 1]):
                break
            i += 1
            continue
        if kind is None:
            kind = _kind(t)
            if kind is None and is_caps(t) and strip_mottos(t) == "":
                i += 1
                continue
            if kind is None and "issued" not in out and not is_caps(t) and not starts_with(t, ["V/v"]):
                i += 1
                continue
            if kind is None and starts_with(t, ["V/v"]):
                subject.append(t)
                kind = _kind_from_number(number, line)
            i += 1
            continue
        if not subject and starts_with(t, data["issuer_after_kind"]) and is_caps(t):
            issuer_named = proper_case(" ".join(t.split()[1:]))
            i += 1
            continue
        if _SUBJECT_STOP.match(t) or _BODY_HEADING.match(t) or _DATE.match(t):
            break
        if subject and is_caps(t) != is_caps(" ".join(subject)):
            break  # the enacting body ("CHÍNH PHỦ") after a subject in running text, or body text after one in capitals
        if issuer and subject and compare_key(t) == compare_key(issuer):
            break
        if len(" ".join(subject + [t])) > 600 or (subject and t.rstrip().endswith((".", ";")) and not is_caps(t)):
            break
        subject.append(t)
        i += 1
    out["kind"] = kind or _kind_from_number(number, line)
    if issuer_named:
        out["parent_issuer"], out["issuer"] = issuer or parent, issuer_named
    if subject:
        joined = " ".join(" ".join(subject).split())
        out["subject"] = _sentence_case(joined)
    return out


def _sentence_case(text: str) -> str:
    if not is_caps(text):
        return text
    cased = proper_case(text, names=False)
    return cased[:1].lower() + cased[1:] if compare_key(cased).startswith(("ve ", "v/v")) else cased


def _title_line(cells: list[Cell]) -> dict:
    """A copy that starts with its title: 'Kết luận số 69-KL/TW ngày 11/01/2024 của Bộ Chính trị về ...'."""
    data = layout()
    for c in cells[:12]:
        kind = starts_with(c.text, data["kinds"]) if c.text else None
        if not kind:
            continue
        m = re.match(rf"^{re.escape(kind)}\s+số\s+(?P<no>\S+)\s+ngày\s+(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}})\s*(?:của\s+(?P<by>.+?)\s+)?(?P<subject>về\s.+)?$",
                     c.text, re.IGNORECASE)
        if m:
            return {"kind": kind, "number": m.group("no").rstrip(",;"), "issued": _date(m), "issuer": m.group("by"),
                    "subject": m.group("subject")}
    return {}

