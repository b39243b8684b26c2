"""Bodies that Party and provincial plans assign work to, found in text with their spans.

A hand-written lexicon: no Vietnamese NER on PyPI ships an offline model for administrative
bodies, and the set is small and stable (Nghị định 30/2020 style names). Patterns match the
lower-cased text with one tone-mark convention, so "Tỉnh uỷ" and "Tỉnh ủy", "UBND tỉnh" and
"Ủy ban nhân dân tỉnh" are the same body. The canonical name is what tables show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.dates import key

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
    ("Các sở, ban, ngành tỉnh", r"(?:các )?sở,? ban,? ngành(?:,? đoàn thể)?(?: tỉnh)?"),
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
    """Bodies named in a text, left to right, without overlaps (the longest name wins)."""
    k = key(text)
    found = []
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
    return out


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
