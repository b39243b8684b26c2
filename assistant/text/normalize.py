"""Vietnamese text normalisation: pure functions, no I/O.

Two layers, never mixed up:
- `clean_text` repairs conversion damage (Unicode form, page-break cuts, `m^2`, markdown
  emphasis) but keeps the document's own spelling and tone-mark placement: that text is what
  users see quoted.
- `search_form`, `match_key` and `fold_diacritics` derive comparison keys from it (one tone-mark
  convention, one i/y spelling, no case, optionally no diacritics); they are never shown.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from assistant.model import Emphasis, page_at
from assistant.text.markers import CLOSING, is_signature, is_structural, match_heading

PAGE_BREAK = "\f"

# Combining tone marks (in NFD): grave, acute, tilde, hook above, dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Syllable-initial consonants after which "y" and "i" spell the same vowel (tỷ/tỉ, kỹ/kĩ, lý/lí).
_IY_ONSETS = ("b", "c", "d", "đ", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "ch", "kh", "nh", "ph", "qu", "th", "tr")

# Words that cannot end a Vietnamese sentence: a paragraph that ends with one was cut by a
# page break even when the next paragraph starts with a capital ("... thu hồi vốn vào" /
# "Ngân sách nhà nước").
_CONNECTORS = frozenset(
    "vào của và với cho các những để trong từ tại theo về đến là được bị do mà như hoặc nhằm "
    "giữa trên dưới sang qua cùng bằng thuộc gồm nên nhưng".split()
)
TERMINAL_PUNCTUATION = ".!?:;…\"”»"  # a line ending in one of these ends a sentence


@dataclass(frozen=True)
class CleanText:
    text: str
    emphasis: tuple[Emphasis, ...] = ()
    page_starts: tuple[int, ...] = ()  # offset where each page begins (paged sources only)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.page_starts, offset)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def unify_tone_marks(text: str) -> str:
    """One tone-mark convention: a final oa/oe/uy carries the tone on its first vowel.

    hoá -> hóa, uỷ -> ủy, thuỷ -> thủy, khoẻ -> khỏe; quý, hoàn, khuyến are unchanged because
    both conventions agree there. Case is preserved.
    """
    return _WORD.sub(lambda m: _unify_word(m.group(0)), nfc(text))


def _unify_word(word: str) -> str:
    letters = _split_letters(unicodedata.normalize("NFD", word))
    if len(letters) < 2:
        return word
    (b1, m1), (b2, m2) = letters[-2], letters[-1]
    pair = (b1.lower() + b2.lower())
    if pair not in ("oa", "oe", "uy") or m1 or not any(t in m2 for t in _TONES):
        return word
    if pair == "uy" and len(letters) >= 3 and letters[-3][0].lower() == "q":
        return word
    tone = "".join(t for t in m2 if t in _TONES)
    rest = "".join(t for t in m2 if t not in _TONES)
    letters[-2] = (b1, tone)
    letters[-1] = (b2, rest)
    return nfc("".join(b + m for b, m in letters))


def _split_letters(nfd: str) -> list[tuple[str, str]]:
    """NFD text -> [(base letter, its combining marks)]."""
    out: list[tuple[str, str]] = []
    for ch in nfd:
        if unicodedata.combining(ch) and out:
            base, marks = out[-1]
            out[-1] = (base, marks + ch)
        else:
            out.append((ch, ""))
    return out


def unify_i_y(text: str) -> str:
    """tỷ -> tỉ, kỹ -> kĩ, lý -> lí: the i/y spelling variants of a consonant + i syllable."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        nfd = unicodedata.normalize("NFD", word)
        base = "".join(ch for ch in nfd if not unicodedata.combining(ch))
        low = base.lower()
        if len(low) < 2 or low[-1] != "y" or low[:-1] not in _IY_ONSETS:
            return word
        idx = max(i for i, ch in enumerate(nfd) if ch in "yY")
        return nfc(nfd[:idx] + ("i" if nfd[idx] == "y" else "I") + nfd[idx + 1 :])

    return _WORD.sub(fix, text)


def search_form(text: str) -> str:
    """Comparison form for search: NFC, one tone convention, lower case, one i/y spelling."""
    return unify_i_y(unify_tone_marks(text).lower())


def fold_diacritics(text: str) -> str:
    """Strip all Vietnamese diacritics: 'Tỷ lệ đô thị hóa' -> 'Ty le do thi hoa'."""
    nfd = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return nfc("".join(ch for ch in nfd if not unicodedata.combining(ch)))


def match_key(text: str) -> str:
    """Key for 'does the answer contain X': ignores case, Unicode form, tone placement and
    runs of whitespace, but not diacritics (DESIGN.md, question sets)."""
    return " ".join(unify_tone_marks(text).casefold().split())


# --- cleaning -------------------------------------------------------------------------------

_UNIT = re.compile(r"(?<![^\W\d_])(km|cm|dm|mm|m)(?:\^\s*([23])|([23])(?![\w]))")
_UNIT_SPACE_BEFORE_PUNCT = re.compile(r"([²³])[ ]+([.,;:)])")
_SUPERSCRIPT = {"2": "²", "3": "³"}
# Paragraphs are separated by blank lines. A page break (form feed) stays glued to the start
# of the paragraph that opens the page, so joins and page offsets survive together.
_PARA_SPLIT = re.compile(r"[ ]*\n(?:[ ]*\n)+[ ]*")
# Markdown emphasis as converters write it: *italic* on one line, **bold** over at most one
# line break (signature blocks). Never "(*)" or "(**)" footnote marks; bounded length keeps
# unclosed marks from making the scan quadratic.
_EMPHASIS = re.compile(
    r"(?P<mark>\*{1,3})(?=[^\s)*])(?P<body>[^*\n]{1,400}?(?:\n[^*\n]{1,400}?)?)(?<=[^\s(*])(?P=mark)(?!\*)"
)


def clean_text(raw: str, join_cuts: bool = True) -> CleanText:
    """Repair conversion damage; keep spelling and tone marks as written.

    `raw` may contain form feeds between pages (PDF loader); their positions become
    `page_starts` and the characters themselves are removed. `join_cuts=False` for sources
    without page-break damage (DOCX), where short table cells must not be glued together.
    """
    text = _basic_cleanup(raw)
    text = fix_units(text)
    if join_cuts:
        text = join_page_break_cuts(text)
    text, emphasis = strip_emphasis(text)
    text, emphasis, page_starts = _extract_page_breaks(text, emphasis)
    return CleanText(text, emphasis, page_starts)


def _basic_cleanup(raw: str) -> str:
    text = nfc(raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(" \n")


def fix_units(text: str) -> str:
    """`m^2`, `m2` after a figure, `km2` -> `m²`, `km²`; `10 m^2 .` -> `10 m².`"""

    def repl(m: re.Match[str]) -> str:
        unit, caret_power, bare_power = m.group(1), m.group(2), m.group(3)
        if bare_power and not re.search(r"\d\s?$", text[max(0, m.start() - 3) : m.start()]):
            return m.group(0)  # "m2" not preceded by a figure is not a unit (e.g. a code)
        return unit + _SUPERSCRIPT[caret_power or bare_power]

    return _UNIT_SPACE_BEFORE_PUNCT.sub(r"\1\2", _UNIT.sub(repl, text))


def join_page_break_cuts(text: str) -> str:
    """Re-join paragraphs that a page break cut mid-sentence; keep real paragraph breaks.

    A break is a cut when the paragraph before it has no closing punctuation, is not a
    heading, and the next one is not a heading or bullet and either starts in lower case or
    follows a word that cannot end a sentence.
    """
    parts = _PARA_SPLIT.split(text)
    groups: list[list[str]] = [[parts[0]]]  # paragraphs as lists of pieces: joining stays linear
    for para in parts[1:]:
        if _is_cut(groups[-1], para):
            groups[-1].append(para)
        else:
            groups.append([para])
    return "\n\n".join(" ".join(g) for g in groups)


def _is_cut(prev_pieces: list[str], nxt: str) -> bool:
    prev_last_line = prev_pieces[-1].rsplit("\n", 1)[-1].strip()
    nxt = nxt.lstrip(PAGE_BREAK)
    if not prev_last_line or not nxt:
        return False
    if prev_last_line[-1] in TERMINAL_PUNCTUATION or prev_last_line.endswith("**"):
        return False
    first_line = nxt.split("\n", 1)[0]
    if is_structural(first_line):
        return False
    # A heading (or an all-caps title line) legitimately ends without punctuation.
    first = prev_pieces[0]
    prev_first_line = first.split("\n", 1)[0].strip(PAGE_BREAK + " ")
    if len(prev_pieces) == 1 and "\n" not in first and match_heading(prev_first_line) and len(first) < 150:
        return False
    if prev_last_line.isupper() or CLOSING.match(prev_first_line) or is_signature(prev_first_line):
        return False
    if nxt[0].islower():
        return True
    last_word = prev_last_line.split()[-1].lower()
    return last_word in _CONNECTORS and (nxt[0].isalpha() or nxt[0].isdigit())


def strip_emphasis(text: str) -> tuple[str, tuple[Emphasis, ...]]:
    """Remove markdown emphasis markers; return the text and the emphasised spans in it."""
    out: list[str] = []
    spans: list[Emphasis] = []
    pos = 0
    length = 0
    for m in _EMPHASIS.finditer(text):
        if m.group("mark") == "*" and "\n" in m.group("body"):
            continue  # italics never run over a line break
        before = text[pos : m.start()]
        out.append(before)
        length += len(before)
        body = m.group("body")
        kind = "bold" if len(m.group("mark")) >= 2 else "italic"
        spans.append(Emphasis(length, length + len(body), kind))
        out.append(body)
        length += len(body)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), tuple(spans)


def _extract_page_breaks(
    text: str, emphasis: tuple[Emphasis, ...]
) -> tuple[str, tuple[Emphasis, ...], tuple[int, ...]]:
    if PAGE_BREAK not in text:
        return text, emphasis, ()
    positions = [i for i, ch in enumerate(text) if ch == PAGE_BREAK]
    # Position of the k-th marker after removing the k markers before it = start of page k+2.
    page_starts = (0,) + tuple(p - k for k, p in enumerate(positions))

    def shift(offset: int) -> int:
        return offset - bisect_right(positions, offset - 1)

    moved = tuple(Emphasis(shift(e.start), shift(e.end), e.kind) for e in emphasis)
    return text.replace(PAGE_BREAK, ""), moved, page_starts


_WORDS_WITH_POS = re.compile(r"[^\W\d_]+", re.UNICODE)


def proper_names(text: str) -> list[str]:
    """Runs of two or more capitalised words ("Sơn La", "Mường Nhà", "Điện Biên Phủ").

    Uses str.isupper rather than a character range: ranges such as À-Ỹ also contain lower-case
    Vietnamese letters. All-capital words (acronyms, headings) are not names.
    """
    names, run = [], []
    for m in _WORDS_WITH_POS.finditer(text):
        word = m.group(0)
        gap = text[run[-1].end() : m.start()] if run else ""
        capitalised = word[0].isupper() and not (word.isupper() and len(word) > 1)  # "A" in "Mùa A Sơn" counts
        if capitalised and (not run or gap.strip() == ""):
            run.append(m)
            continue
        if len(run) >= 2:
            names.append(text[run[0].start() : run[-1].end()])
        run = [m] if capitalised else []
    if len(run) >= 2:
        names.append(text[run[0].start() : run[-1].end()])
    return names


def starts_upper(text: str) -> bool:
    stripped = text.lstrip("\"“( ")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def years(text: str) -> frozenset[str]:
    """Four-digit years named in a text ('Đến năm 2025' -> {'2025'}; '2021-2030' -> both)."""
    return frozenset(YEAR.findall(text))


def is_year(text: str) -> bool:
    return YEAR.fullmatch(text.strip()) is not None
