"""Bodies that Party and State documents assign work to, found in text with their spans.

No Vietnamese NER on PyPI ships an offline model for administrative bodies, so two hand-made
parts: a lexicon of provincial bodies with canonical names (what tables show: "UBND tỉnh" for
"Ủy ban nhân dân tỉnh"), and, for every other body, the way names are built (resources/
bodies.yaml: fixed national names, and a type word — Bộ, Sở, Ban, Đảng đoàn, Thành ủy ... —
followed by a distinguishing name whose parts start with a capital). Matching ignores case and
tone-mark placement ("Tỉnh uỷ" = "Tỉnh ủy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.resources import package_path
from assistant.text.dates import key
from assistant.text.normalize import fold_diacritics

_UB = r"(?:ubnd|ủy ban nhân dân)"
_HD = r"(?:hđnd|hội đồng nhân dân)"
_SO = (r"xây dựng|tài chính|kế hoạch và đầu tư|tài nguyên và môi trường|giao thông vận tải|nội vụ|tư pháp|"
       r"thông tin và truyền thông|văn hóa,? thể thao và du lịch|công thương|y tế|giáo dục và đào tạo|"
       r"lao động,? thương binh và xã hội|nông nghiệp và phát triển nông thôn|khoa học và công nghệ|ngoại vụ|dân tộc")

_NAMED = "named"  # a body of a named place: its name is read from the capitalised words that follow
# (canonical name or None to keep the text as written, pattern). Longer names come first so
# that "Đảng đoàn HĐND tỉnh" is one body, not "HĐND tỉnh".
_LEXICON: tuple[tuple[str | None, str], ...] = (
    ("Đảng đoàn HĐND tỉnh", rf"đảng đoàn {_HD} tỉnh"),
    ("Ban cán sự đảng UBND tỉnh", rf"ban cán sự đảng {_UB} tỉnh"),
    ("Ban Thường vụ Tỉnh ủy", r"ban thường vụ tỉnh ủy"),
    ("Ban Chấp hành Đảng bộ tỉnh", r"ban chấp hành đảng bộ tỉnh"),
    ("Ban Tuyên giáo Tỉnh ủy", r"ban tuyên giáo tỉnh ủy"),
    ("Ban Tổ chức Tỉnh ủy", r"ban tổ chức tỉnh ủy"),
    ("Ban Dân vận Tỉnh ủy", r"ban dân vận tỉnh ủy"),
    ("Ban Nội chính Tỉnh ủy", r"ban nội chính tỉnh ủy"),
    ("Ủy ban Kiểm tra Tỉnh ủy", r"ủy ban kiểm tra tỉnh ủy"),
    ("Văn phòng Tỉnh ủy", r"văn phòng tỉnh ủy"),
    ("Các cơ quan tham mưu, giúp việc của Tỉnh ủy", r"(?:các )?cơ quan tham mưu,? giúp việc (?:của )?tỉnh ủy"),
    ("Mặt trận Tổ quốc", r"(?:ủy ban )?(?:mttq|mặt trận tổ quốc)(?: việt nam)?(?: tỉnh)?"),
    ("Các đoàn thể chính trị - xã hội", r"(?:các )?đoàn thể chính trị\s*-\s*xã hội(?: tỉnh)?"),
    ("UBND các huyện, thị xã, thành phố", rf"{_UB} các huyện,? thị xã,? thành phố"),
    (_NAMED, rf"(?:{_UB}|{_HD}) (?:thành phố|thị xã|thị trấn|huyện|xã|phường)(?= \S)"),
    ("HĐND tỉnh", rf"{_HD} tỉnh"),
    ("UBND tỉnh", rf"{_UB} tỉnh"),
    ("Các huyện ủy, thị ủy, thành ủy", r"(?:các )?huyện ủy,? thị ủy,? thành ủy(?:,? (?:đảng ủy trực thuộc tỉnh ủy|đutt))?"),
    # as written: a city's plan says "các Sở, ban, ngành Thành phố", a provincial one "... tỉnh"
    (None, r"(?:các )?sở,? ban,? ngành(?:,? đoàn thể)?(?: tỉnh| thành phố| có liên quan| liên quan)?"),
    (None, rf"sở (?:{_SO})"),
    ("Công an tỉnh", r"công an tỉnh"),
    ("Bộ Chỉ huy Quân sự tỉnh", r"bộ chỉ huy quân sự tỉnh"),
    ("Các cấp ủy", r"(?:các )?cấp ủy(?: đảng)?(?: các cấp)?"),
    ("Các tổ chức đảng", r"(?:các )?tổ chức đảng"),
    ("Chính quyền", r"(?:các )?chính quyền(?: các cấp)?"),
    ("Các cơ quan liên quan", r"(?:các )?cơ quan(?:,? đơn vị)? (?:có )?liên quan"),
)
_PATTERNS = tuple((name, re.compile(rf"(?<!\w){p}(?!\w)")) for name, p in _LEXICON)


@dataclass(frozen=True)
class BodyMention:
    name: str  # canonical name
    start: int
    end: int


def find_bodies(text: str) -> list[BodyMention]:
    """Bodies named in a text, left to right, without overlaps (the longest name wins; the
    lexicon's canonical names before names read by pattern)."""
    k = key(text)
    found = [(m.start, -(m.end - m.start), len(_PATTERNS) + 1, m) for m in _named_by_pattern(text, k)]
    for rank, (name, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(k):
            end = m.end()
            if name == _NAMED:
                end = _name_end(text, end)
                if end == m.end():
                    continue  # "UBND huyện" with no name is no particular body
                label = _as_written(_short_form(text[m.start() : end]))
            else:
                label = name or _as_written(text[m.start() : end])
            found.append((m.start(), -(end - m.start()), rank, BodyMention(label, m.start(), end)))
    found.sort(key=lambda f: f[:3])
    out: list[BodyMention] = []
    for *_, mention in found:
        if not out or mention.start >= out[-1].end:
            out.append(mention)
    # a lexicon name found inside a longer pattern name ("Sở Tài chính" in "Sở Tài chính tỉnh")
    # keeps the lexicon's canonical form when both cover the same words
    return out


_NAME_TAIL = re.compile(r"\s+(?:có )?liên quan$")
_OF_PLACE = re.compile(r"của [A-ZĐÂĂÊÔƠƯ]")


def says_more_than_a_name(text: str, start: int) -> bool:
    """Whether text goes on from `start` with what a body does or what is said of it (a word of
    the `stops` list: "chủ trì", "thực hiện", "theo", "của" ...), not only more of a name."""
    k, naming = key(text), _naming()
    k = _NAME_TAIL.sub("", k)  # "... có liên quan" ends a name
    # a word after a comma starts the next name of a list ("..., tổ chức, cá nhân"), not a verb
    # and "của Thành phố" names whose body it is
    return any(_stop_at(k, start + m.start(), naming) and not k[:start + m.start()].endswith(", ")
               and not _OF_PLACE.match(text, start + m.start())
               for m in re.finditer(r"(?<!\w)\w", k[start:]))


def place_level_words() -> tuple[str, ...]:
    """The administrative levels a body's name may end with (keyed, longest first)."""
    return _naming()["place_levels"]


def place_levels(name: str) -> tuple[str, tuple[str, ...]]:
    """A body's name without the administrative levels it ends with, and those levels (keyed):
    "Công an tỉnh" -> ("Công an", ("tỉnh",)); "Ủy ban nhân dân xã, phường" -> ("Ủy ban nhân
    dân", ("phường", "xã"))."""
    found: list[str] = []
    while True:
        k = key(name)
        level = next((lv for lv in _naming()["place_levels"] if k.endswith(" " + lv) and len(k) == len(name)), None)
        if level is None:
            return name, tuple(found)
        found.append(level)
        name = name[: len(name) - len(level)].rstrip(" ,")


@lru_cache(maxsize=1024)  # a question's, once for every heading it is checked against
def levels_named(text: str) -> frozenset[str]:
    """The administrative levels a text names as words, accent-free ("UBND tỉnh" -> {"tinh"};
    "ubnd tinh" too: a question typed without accents names the same level)."""
    folded = " " + re.sub(r"[^\w]+", " ", fold_diacritics(key(text))) + " "
    return frozenset(level_key(lv) for lv in place_level_words() if f" {fold_diacritics(lv)} " in folded)


def level_key(level: str) -> str:
    """One form per level: accent-free, "cấp xã" as "xa"."""
    return fold_diacritics(key(level)).removeprefix("cap ")


def body_of_other_levels(heading: str, asked: frozenset[str]) -> bool:
    """Whether a heading starts with a body of other administrative levels than the `asked` ones
    (levels_named of a question): "9. Ủy ban nhân dân xã, phường" when "UBND tỉnh" is asked. A
    question that names no level, or a body with none, is no conflict."""
    from assistant.text.spans import LEADING_MARK

    title = LEADING_MARK.sub("", heading, count=1)
    found = find_bodies(title)
    if not asked or not found or found[0].start != 0:
        return False
    levels = {level_key(lv) for lv in place_levels(title[: found[0].end])[1]}
    return bool(levels) and not levels & asked


def names_actor(text: str) -> bool:
    """Whether a text starts with one of those a plan assigns tasks to that are not bodies of
    the State or the Party ("Các doanh nghiệp viễn thông", "Tổ chức, cá nhân có liên quan")."""
    k = key(text)
    return any(k.startswith(a) and (len(k) == len(a) or not k[len(a)].isalnum()) for a in _naming()["actors"])


@lru_cache(maxsize=1)
def _naming() -> dict:
    import yaml  # lazily: the pure stages load no third-party package at import

    data = yaml.safe_load(package_path("bodies.yaml").read_text(encoding="utf-8"))
    return {
        "fixed": tuple(sorted((key(n) for n in data["fixed"]), key=len, reverse=True)),
        "types": tuple(sorted((key(t) for t in data["types"]), key=len, reverse=True)),
        "levels": tuple(sorted((key(level) for level in data["levels"]), key=len, reverse=True)),
        "place_levels": tuple(sorted((key(level) for level in data["place_levels"]), key=len, reverse=True)),
        "stops": tuple(sorted((key(w) for w in data["stops"]), key=len, reverse=True)),
        "max_small": int(data["max_small_syllables"]),
        "actors": tuple(key(a) for a in data.get("actors", ())),
    }


def _named_by_pattern(text: str, k: str) -> list[BodyMention]:
    """Bodies of the fixed national names, and "type word + capitalised name (+ level)"."""
    naming = _naming()
    out: list[BodyMention] = []
    for name in naming["fixed"]:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", k):
            out.append(BodyMention(_as_written(text[m.start():m.end()]), m.start(), m.end()))
    types = "|".join(re.escape(t) for t in naming["types"])
    for m in re.finditer(rf"(?<!\w)(?:{types})(?= )", k):
        end = _name_parts_end(text, k, m.end(), naming)
        if end > m.end():
            out.append(BodyMention(_as_written(_short_form(text[m.start():end])), m.start(), end))
    return out


def _name_parts_end(text: str, k: str, pos: int, naming: dict) -> int:
    """End of the distinguishing name after a type word: parts that start with a capital,
    joined by "và", "," or "-", then an optional level ("Trung ương", "tỉnh", a place)."""
    end = pos
    i = pos
    while True:
        m = re.match(r" ([^\W\d_]+)", text[i:])
        if not m or not m.group(1)[0].isupper() or _type_at(k, i + 1, naming):
            break  # a capitalised word is never a stop word: "Bộ Xây dựng" is a name
        i += m.end()
        while True:  # further capitals continue the part: "Hà Nội", "Công Thương", "Trung ương"
            n = re.match(r" ([^\W\d_]+)", text[i:])
            if not n or not n.group(1)[0].isupper() or _type_at(k, i + 1, naming) or _level_at(k, i + 1, naming):
                break
            i += n.end()
        small = 0
        while small < naming["max_small"]:
            n = re.match(r" ([^\W\d_]+)", text[i:])
            if (not n or not n.group(1)[0].islower() or n.group(1) == "và" or _stop_at(k, i + 1, naming)
                    or _level_at(k, i + 1, naming)):
                break
            i += n.end()
            small += 1
        end = i
        joint = re.match(r"(?: và|,| -| –) (?=[^\W\d_])", text[i:])
        if joint and text[i + joint.end()].isupper() and not _type_at(k, i + joint.end(), naming):
            i += joint.end() - 1
            continue
        break
    level = _level_at(k, end + 1, naming) if text[end:end + 1] == " " else ""
    if level and end > pos:
        end += 1 + len(level)
        # a place after "tỉnh", "thành phố": its capitalised words
        while True:
            n = re.match(r" ([^\W\d_]+)", text[end:])
            if not n or not n.group(1)[0].isupper() or _stop_at(k, end + 1, naming):
                break
            end += n.end()
    return end


def _stop_at(k: str, pos: int, naming: dict) -> bool:
    return any(k.startswith(w, pos) and (pos + len(w) == len(k) or not k[pos + len(w)].isalnum()) for w in naming["stops"])


def _level_at(k: str, pos: int, naming: dict) -> str:
    return next((w for w in naming["levels"] if k.startswith(w, pos) and (pos + len(w) == len(k) or not k[pos + len(w)].isalnum())), "")


def _type_at(k: str, pos: int, naming: dict) -> bool:
    return any(k.startswith(t + " ", pos) for t in naming["types"])


def _as_written(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name_end(text: str, pos: int) -> int:
    """End of the capitalised place name after `pos`: "UBND thành phố| Điện Biên Phủ| lập"."""
    end = pos
    for m in re.finditer(r" ([^\W\d_][\w]*)", text[pos:]):
        if m.start() != end - pos or not m.group(1)[0].isupper():
            break
        end = pos + m.end()
    return end


def _short_form(name: str) -> str:
    return re.sub(r"^(?:Ủy|Uỷ|ủy|uỷ) ban nhân dân", "UBND", re.sub(r"^(?:Hội|hội) đồng nhân dân", "HĐND", name))
