"""What a question asks for: a figure, a deadline, a responsible body, a list; which years and
names it is about; which unit a figure must have. Pure functions over the question text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.resources import package_path
from assistant.text.frames import expand_shorthand, strip_frames
from assistant.text.normalize import fold_diacritics, proper_names, search_form, years
from assistant.text.tokens import content_tokens, replace_abbreviations

# Each kind lists phrases in folded (accent-free) form, so "bao nhieu" and "bao nhiêu" agree.
_KINDS = {
    "numeric": ("bao nhieu", "ty le", "muc nao", "how much", "how many", "what rate", "what percentage", "loai may",
                "dat tieu chi do thi loai", "chi tieu", "phan tram"),
    "deadline": ("khi nao", "thoi gian nao", "thoi han", "bao gio", "tien do nao", "when", "deadline", "luc nao",
                 "thoi diem nao", "ngay nao", "nam nao"),
    "responsibility": ("ai ", "co quan nao", "don vi nao", "ai chu tri", "who", "trach nhiem", "chu tri", "nhiem vu gi",
                       "to chuc nao"),
    "list": ("nhung", "gom", "ke ten", "cac loai", "which", "list", "nao duoc"),
    # the document's own date ("Kế hoạch được ban hành ngày nào?"), never a deadline in it
    "issued": ("ban hanh ngay nao", "ban hanh khi nao", "ban hanh vao ngay nao", "ban hanh nam nao", "ngay ban hanh",
               "ky ngay nao", "ky ban hanh ngay", "ky khi nao", "duoc ky ngay", "when was it issued", "issued on",
               "date of issue", "when was the plan issued", "when was the document issued"),
    # what the answer must name: a year ("trước năm nào?"), a body ("Sở nào chủ trì?")
    "year": ("nam nao", "nam bao nhieu", "what year", "which year", "in which year"),
    "who": ("ai ", "ai chu tri", "co quan nao", "don vi nao", "so nao", "bo nao", "to chuc nao",
            "who", "which department", "which agency", "which body"),
    # the body that issued the document ("Cơ quan nào ban hành kế hoạch này?")
    "issuer": ("co quan nao ban hanh", "ai ban hanh", "don vi nao ban hanh", "do ai ban hanh", "ban hanh boi",
               "noi nao ban hanh", "cap nao ban hanh", "who issued", "issued by"),
    # the document's own số / ký hiệu ("Số hiệu của kế hoạch là gì?")
    "number": ("so hieu", "so ky hieu", "ky hieu van ban", "so van ban", "ky hieu cua", "document number",
               "number of the plan", "number of the document", "reference number"),
    "signer": ("ai ky", "nao ky", "do ai ky", "nguoi ky ke hoach", "nguoi ky van ban", "ky ban hanh", "ky ke hoach", "ky van ban",
               "who signed", "signed by"),
    # which document this one implements, is based on or cites ("thực hiện nghị quyết nào?");
    # answer/facts.py reads the kind, issuer and verb asked (resources/relations.yaml)
    "relation": ("nghi quyet nao", "chuong trinh nao", "chuong trinh hanh dong nao", "ke hoach nao", "chi thi nao",
                 "ket luan nao", "quyet dinh nao", "nghi dinh nao", "thong bao nao", "huong dan nao", "luat nao",
                 "van ban nao", "which resolution", "which document", "which programme", "which program",
                 "which plan", "which directive", "which decision"),
}
# Offices a question may ask about: the evidence must name the same office.
_ROLES = ("pho chu tich", "chu tich", "giam doc", "pho bi thu", "bi thu", "truong ban", "thu tuong", "bo truong")
# A figure for these subjects must be a count, not a share ("dân số ... bao nhiêu người").
_COUNT_SUBJECTS = ("dan so", "so luong", "tong so", "so nguoi", "tong von", "kinh phi")
# What is a sum of money wherever "bao nhiêu" stands: "mức phạt tiền ... là bao nhiêu?".
_MONEY_SUBJECTS = ("phat tien", "so tien", "le phi", "muc phi")
# "bao nhiêu X": the unit X the figure must carry (folded question word -> folded unit words).
_UNITS = {
    "nguoi": ("nguoi",), "ty dong": ("ty dong", "dong"), "trieu dong": ("trieu dong", "dong"), "dong": ("dong",),
    "tien": ("dong",), "chuyen": ("chuyen",), "ho": ("ho",), "km": ("km",), "ha": ("ha", "hecta"),
    "phan tram": ("%",), "m2": ("m²",), "met vuong": ("m²",), "mot met vuong": ("m²",),
}
# Capitalised words that are titles of bodies or documents, not places or people.
_NOT_NAMES = frozenset(
    fold_diacritics(w) for w in
    "Kế Hoạch Nghị Quyết Ban Bộ Chính Trị Thường Vụ Tỉnh Ủy Uỷ Hội Đồng Nhân Dân Mặt Trận Tổ Quốc Chương Trình Đảng "
    "Tuyên Giáo Trung Ương Chính Phủ Sở Ngân Sách Nhà Nước Quy Hoạch Cuộc Vận Động Đến Định Hướng Tầm Nhìn Theo Mục "
    "Thành Phố Thị Xã Trấn Huyện Xã Các Những Chủ Tịch Văn Phòng Cơ Quan Quyết Định Ai Đô Thị".split()
)
_ENGLISH = frozenset("the what which who when how is are does do of by to for in plan province target town towns".split())


def fold(text: str) -> str:
    """The one comparison form for question phrases: search form (tỷ = tỉ, ký = kí), no accents."""
    return fold_diacritics(search_form(text))


# The phrase tables above are written accent-free for readability; pass them through the same
# normaliser as questions so that i/y spellings agree ("ai ky" -> "ai ki").
_KINDS = {k: tuple(fold(p) for p in v) for k, v in _KINDS.items()}
_UNITS = {fold(k): tuple(fold(u) for u in v) for k, v in _UNITS.items()}
_ROLES = tuple(fold(r) for r in _ROLES)
_COUNT_SUBJECTS = tuple(fold(c) for c in _COUNT_SUBJECTS)


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    kinds: frozenset[str]
    years: frozenset[str]
    names: tuple[str, ...]  # proper names the answer must be about ("Sơn La", "Tuần Giáo")
    required_unit: tuple[str, ...]  # units a figure must carry ("bao nhiêu người" -> ("nguoi",))
    share_allowed: bool  # "phủ bao nhiêu hộ" may be answered by "100% hộ"; "dân số ... bao nhiêu người" not
    roles: tuple[str, ...]  # offices asked about, folded ("chu tich")
    tokens: tuple[str, ...]  # folded content tokens (syllable uni+bigrams)
    english: bool


@lru_cache(maxsize=1)
def _yes_no() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(end, start, check, mention) patterns of resources/yesno.yaml over folded text."""
    import yaml

    data = yaml.safe_load(package_path("yesno.yaml").read_text(encoding="utf-8"))

    def alternatives(words: list[str]) -> str:
        return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))

    end = re.compile(rf"(?<![a-z0-9])(?:{alternatives(data['ends'])})\s*[?.!]*\s*$")
    start = re.compile(rf"^\s*(?:{alternatives(data['starts'])})(?![a-z0-9])")
    check = re.compile(rf"(?<![a-z0-9])(?:{alternatives(data['checks'])})(?![a-z0-9])")
    mention = re.compile(rf"(?<![a-z0-9])(?:{alternatives(data['mentions'])})(?![a-z0-9])")
    return end, start, check, mention


def yes_no_kind(question: str) -> str | None:
    """"check" for a question that checks a statement ("Có phải ... là 40% không?"), "presence"
    for one that asks whether the document speaks of something ("Kế hoạch có nhắc đến ...
    không?"), "other" for other yes/no questions ("có được ... không?"), else None."""
    folded = fold(question).strip()
    end, start, check, mention = _yes_no()
    if not (end.search(folded) or start.search(folded)):
        return None
    if check.search(folded):
        return "check"
    return "presence" if mention.search(folded) else "other"


def analyse(question: str, abbreviations: dict[str, str] | None = None) -> QuestionInfo:
    written = expand_shorthand(question)
    yes_no = yes_no_kind(written)  # "có được ko?" asks yes or no too
    question = strip_frames(written)
    expanded = replace_abbreviations(question, abbreviations or {})
    folded = " " + fold(expanded) + " "
    # Whole words only: "ai ký" must not match "ai kiểm tra".
    kinds = frozenset(k for k, phrases in _KINDS.items()
                      if any(re.search(rf"(?<![a-z0-9]){re.escape(p.strip())}(?![a-z0-9])", folded) for p in phrases))
    if yes_no:
        kinds |= {"yesno", f"yesno-{yes_no}"}
    if "issuer" in kinds and not _issues_the_document(folded):
        kinds -= {"issuer"}  # "Cơ quan nào ban hành danh mục tiêu chuẩn?" asks about a duty, not the header
    words = re.findall(r"[a-z]+", question.lower())
    english = fold_diacritics(question) == question and sum(w in _ENGLISH for w in words) >= max(2, len(words) // 4)
    return QuestionInfo(
        text=question,
        kinds=kinds,
        years=years(question),
        names=_run_names(expanded) + ((() if english else _single_names(expanded))),
        required_unit=_required_unit(folded),
        share_allowed=not any(c in folded for c in _COUNT_SUBJECTS),
        roles=_roles(folded),
        tokens=content_tokens(expanded),  # abbreviations already replaced
        english=english,
    )


def _issues_the_document(folded: str) -> bool:
    """Whether "ban hành" asks who issued the document itself: nothing follows it but the
    document ("ban hành kế hoạch này", "văn bản này", "Luật do ai ban hành?"), not something the
    document says a body issues ("ban hành danh mục tiêu chuẩn", "ban hành văn bản hướng dẫn")."""
    from assistant.answer.scope import document_kind_words

    found = list(re.finditer(r"(?<![a-z])ban hanh(?![a-z])\s*([a-z ]*)", folded))
    if not found:
        return True  # "issued by", "who issued"
    for m in found:
        after = m.group(1).split()
        if not after or after[0] in _DOCUMENT_WORDS:
            return True
        if after[:2] == ["van", "ban"] and (len(after) == 2 or after[2] in _DOCUMENT_WORDS):
            return True
        if any(re.match(rf"{re.escape(k)}(?![a-z])", " ".join(after)) for k in document_kind_words()):
            return True
    return False


# Words after "ban hành" (or "ban hành văn bản") that still mean the document itself.
_DOCUMENT_WORDS = frozenset({"nay", "no", "tai", "khi", "ngay", "nam", "vao", "luc", "boi"})


_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = ".?!:;,\"“(-–"


def _run_names(text: str) -> tuple[str, ...]:
    """Runs of capitalised words that are names. A run that opens a sentence starts with a word
    capitalised only for that ("Theo Chỉ thị", "Ở Đồng Tháp", "Under Dong Thap"): it is dropped,
    and what remains is a name only if two words are left."""
    out, at = [], 0
    for name in proper_names(text):
        start = text.find(name, at)
        at = start + len(name)
        before = text[:start].rstrip()
        if not before or before[-1] in _SENTENCE_END or "\n" in text[len(before):start] or text[start - 1].isdigit():
            # a sentence or line opens with a capital anyway; "5G IoT" is no name
            name = name.split(" ", 1)[1] if " " in name else ""
            if " " not in name:
                continue
        if not _is_title(name):
            out.append(name)
    return tuple(out)


def _single_names(text: str) -> tuple[str, ...]:
    """One capitalised word inside a sentence ("Thủ đô của Pháp là gì?"): a name the answer
    must contain as written, not inside a common word ("pháp lý")."""
    in_runs = {w for n in proper_names(text) for w in n.split()}
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if (len(word) < 2 or not word[0].isupper() or word.isupper() or word in in_runs
                or fold_diacritics(word) in _NOT_NAMES):
            continue
        before = text[: m.start()].rstrip()
        if not before or before[-1] in _SENTENCE_END or "\n" in text[len(before):m.start()]:
            continue  # a sentence or line starts with a capital anyway
        out.append(word)
    return tuple(out)


def _roles(folded: str) -> tuple[str, ...]:
    found = []
    for role in _ROLES:  # longest first, so "phó chủ tịch" is not also read as "chủ tịch"
        if f" {role} " in folded and not any(role in f for f in found):
            found.append(role)
    return tuple(found)


def _is_title(name: str) -> bool:
    return all(fold_diacritics(w) in _NOT_NAMES for w in name.split())


def _required_unit(folded: str) -> tuple[str, ...]:
    if "bao nhieu" in folded and any(re.search(rf"(?<![a-z]){p}(?![a-z])", folded) for p in _MONEY_SUBJECTS):
        return _UNITS["tien"]  # "mức phạt tiền ... là bao nhiêu?" is answered by a sum of money
    m = re.search(r"bao nhieu ([a-z0-9 ]+)", folded)
    if not m:
        return ()
    after = m.group(1).strip()
    for word, units in sorted(_UNITS.items(), key=lambda kv: -len(kv[0])):
        if after.startswith(word + " ") or after == word:
            return units
    return ()
