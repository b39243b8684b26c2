"""The words and cells of a document's header and closing blocks, shared by the header and
closing readers: the layout data (resources/header.yaml), cells of converted tables, mottos,
wrapped lines, and capitals turned to the case of running text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.resources import package_path
from assistant.text.normalize import nfc, unify_tone_marks

_SEPARATOR = re.compile(r"^[\s|*\-–_=~#`.]*$")
_INLINE_SEPARATOR = re.compile(r"_{3,}|\s\|\s|\|$|^\|")
_PLACE_NAME_MAX = 3  # syllables of a place name inside running text ("Thành phố Hồ Chí Minh")


@lru_cache(maxsize=1)
def layout() -> dict:
    import yaml  # lazily: the pure stages load no third-party package at import

    return yaml.safe_load(package_path("header.yaml").read_text(encoding="utf-8"))


def compare_key(text: str) -> str:
    """Comparison form: case and tone-mark placement ignored, diacritics kept ("Sở" is not "Số")."""
    return " ".join(unify_tone_marks(nfc(text)).lower().split())


def starts_with(text: str, words) -> str | None:
    key = compare_key(text)
    for w in sorted(words, key=len, reverse=True):
        k = compare_key(w)
        if key == k or key.startswith(k + " "):
            return w
    return None


@dataclass(frozen=True)
class Cell:
    text: str
    start: int


def split_cells(text: str) -> list[Cell]:
    """Non-blank lines, table pipes and underscore runs split into cells, markup removed."""
    out: list[Cell] = []
    pos = 0
    marks = _signed_marks()
    for raw in text.split("\n"):
        offset = pos
        pos += len(raw) + 1
        # "VIỆT NAMĐộc lập": cells run together by a converter get their space back.
        raw_cells = _unglue(marks.sub(" | ", raw))
        for piece in _INLINE_SEPARATOR.split(raw_cells):
            cleaned = piece.strip().strip("*#` ").strip()
            if not cleaned or _SEPARATOR.match(cleaned):
                out.append(Cell("", offset))  # a cell boundary
                continue
            out.append(Cell(cleaned, offset + max(0, raw.find(cleaned[:8]))))
    return out


@lru_cache(maxsize=1)
def _signed_marks() -> re.Pattern[str]:
    marks = sorted(layout()["signed_marks"], key=len, reverse=True)
    return re.compile(r"\*?(?:" + "|".join(re.escape(m) for m in marks) + r")\*?", re.IGNORECASE)


def groups(lines: list[str]) -> list[list[str]]:
    """Cells split at the boundaries ("" entries) that `cells` left between them."""
    out: list[list[str]] = [[]]
    for t in lines:
        if t:
            out[-1].append(t)
        elif out[-1]:
            out.append([])
    return [g for g in out if g]


def _unglue(text: str) -> str:
    """A space between a run of capitals and the capitalised word glued to it. (str.isupper,
    not character ranges: ranges such as À-Ỹ hold capitals and small letters alike.)"""
    out = []
    for i, ch in enumerate(text):
        if i >= 2 and ch.isupper() and text[i - 1].isupper() and text[i - 2].isupper() and text[i + 1:i + 2].islower():
            out.append(" ")
        out.append(ch)
    return "".join(out)


def is_name_word(word: str) -> bool:
    """A syllable of a person's name: 'Trần', 'Mẫn', and the one-letter 'A' of 'Mùa A Sơn'."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def strip_mottos(text: str) -> str:
    return " ".join(strip_mottos_lines([text]))


def strip_mottos_lines(lines: list[str]) -> list[str]:
    """The lines of one cell without the words of a motto, even when a motto is wrapped over
    two lines ("CỘNG HÒA XÃ / HỘI CHỦ NGHĨA VIỆT NAM") or shares a line with the issuer."""
    words = [(w, n) for n, line in enumerate(lines) for w in line.split()]
    keys = [compare_key(w).strip(",;:") for w, _ in words]
    drop: set[int] = set()
    for motto in layout()["mottos"]:
        mk = [w for w in compare_key(motto).split()]
        for i in range(len(keys) - len(mk) + 1):
            if keys[i:i + len(mk)] == mk:
                drop.update(range(i, i + len(mk)))
    kept: dict[int, list[str]] = {}
    for i, (w, n) in enumerate(words):
        if i not in drop and w not in ("-", "–"):
            kept.setdefault(n, []).append(w)
    return [" ".join(kept[n]) for n in sorted(kept)]


def join_wrapped(lines: list[str]) -> list[str]:
    """'ỦY BAN NHÂN' + 'DÂN' + 'TỈNH ĐỒNG NAI' -> 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI'."""
    data = layout()
    out: list[str] = []
    for line in lines:
        if out and (not starts_with(line, data["body_starts"] + data["place_types"])
                    or (starts_with(line, data["place_types"]) and compare_key(out[-1]).endswith("nhân dân"))):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def proper_case(text: str, names: bool = True) -> str:
    """Capitals to the case of running text: 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI' -> 'Ủy ban nhân dân
    tỉnh Đồng Nai', 'BỘ KHOA HỌC VÀ CÔNG NGHỆ' -> 'Bộ Khoa học và Công nghệ', 'BAN TỔ CHỨC' ->
    'Ban Tổ chức'. Text already in mixed case is returned as written."""
    if not is_caps(text):
        return text
    data = layout()
    words = text.split()
    out: list[str] = []
    place_left = 0  # syllables of a place name still to capitalise
    component_start = False
    i = 0
    while i < len(words):
        w = words[i]
        rest = " ".join(words[i:])
        committee = starts_with(rest, data["committees"])
        if committee:  # "TỈNH ỦY LAI CHÂU": the Party committee of a place, then the place's name
            out.append(committee if not out else committee.lower())
            i += len(committee.split())
            place_left = len(words) if names else _PLACE_NAME_MAX
            continue
        place = starts_with(rest, data["place_types"])
        if place and not starts_with(rest, ["xã hội"]):
            n = len(place.split())
            out += [x.lower() for x in words[i:i + n]]
            i += n
            place_left = len(words) if names else _PLACE_NAME_MAX  # to the next stop word
            continue
        if place_left and starts_with(rest, data["place_name_stops"]):
            place_left = 0
        if any(ch.isdigit() for ch in w) or not any(ch.isalpha() for ch in w):
            out.append(w)  # codes and figures ("5G", "377-QĐ/TW") keep their capitals
        elif place_left or component_start or i == 0:
            out.append(w[:1] + w[1:].lower())
        else:
            out.append(w.lower())
        place_left = max(0, place_left - 1)
        component_start = names and ((i == 0 and bool(starts_with(rest, data["named_units"]))) or compare_key(w) == "và" and _named(out))
        if names and i == 0 and starts_with(rest, data["named_units"]):
            unit = starts_with(rest, data["named_units"])
            extra = len(unit.split()) - 1
            for x in words[i + 1:i + 1 + extra]:
                out.append(x.lower())
            i += extra
        i += 1
    result = " ".join(out)
    for word in data["proper_words"]:
        result = re.sub(rf"(?<!\w){re.escape(word.lower())}(?!\w)", word, result)
    return result[:1].upper() + result[1:]


def _named(words: list[str]) -> bool:
    """Inside the distinguishing name of a unit ('Bộ Khoa học và ...'): its words are capitalised."""
    return bool(words) and starts_with(words[0], layout()["named_units"]) is not None and any(w[:1].isupper() for w in words[1:])
