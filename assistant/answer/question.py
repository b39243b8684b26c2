"""What a question asks for: a figure, a deadline, a responsible body, a list; which years and
names it is about; which unit a figure must have. Pure functions over the question text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.resources import package_path
from assistant.text.frames import expand_shorthand, strip_frames
from assistant.text.normalize import fold_diacritics, nfc, proper_names, search_form, unify_tone_marks, years
from assistant.text.tokens import content_tokens, replace_abbreviations

def fold(text: str) -> str:
    """The one comparison form for question phrases: search form (tỷ = tỉ, ký = kí), no accents."""
    return fold_diacritics(search_form(text))


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    """resources/questions.yaml, its phrases passed through the same normaliser as questions so
    that i/y spellings agree ("ai ky" -> "ai ki")."""
    import yaml

    data = yaml.safe_load(package_path("questions.yaml").read_text(encoding="utf-8"))
    phrases = lambda words: tuple(fold(w) for w in words)  # noqa: E731
    return {
        "kinds": {k: phrases(v) for k, v in data["kinds"].items()},
        "not_kinds": {k: phrases(v) for k, v in data["not_kinds"].items()},
        "roles": phrases(data["roles"]),
        "count_subjects": phrases(data["count_subjects"]),
        "money_subjects": phrases(data["money_subjects"]),
        "counted": tuple(data["counted_nouns"]),
        "rate_subjects": phrases(data["rate_subjects"]),
        "rate_ends": phrases(data["rate_ends"]),
        "units": {fold(k): phrases(v) for k, v in data["units"].items()},
        "not_names": frozenset(fold_diacritics(w) for w in data["not_names"].split()),
        "english": frozenset(data["english_words"].split()),
        "whose_document": {k: "|".join(re.escape(fold(w)) for w in sorted(v, key=len, reverse=True))
                           for k, v in data["whose_document"].items()},
    }


def kind_phrases() -> dict[str, tuple[str, ...]]:
    """The folded phrases that name each kind of answer."""
    return _lexicon()["kinds"]


def rate_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folded words that make a figure a rate of something ("tỷ lệ hộ nghèo"), and the
    question words that end what it measures ("bao nhiêu")."""
    return _lexicon()["rate_subjects"], _lexicon()["rate_ends"]


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
    kinds = frozenset(k for k, phrases in kind_phrases().items() if _asks(folded, phrases, _lexicon()["not_kinds"].get(k, ())))
    if yes_no:
        kinds |= {"yesno", f"yesno-{yes_no}"}
    if "place" in kinds and _asks_whose_document(folded):
        kinds |= {"issuer"}  # "Tỉnh nào có chỉ thị về bảo vệ rừng?": the province that issued it
    if "issuer" in kinds and not _issues_the_document(folded):
        kinds -= {"issuer"}  # "Cơ quan nào ban hành danh mục tiêu chuẩn?" asks about a duty, not the header
    if "recipients" in kinds and not _sends_the_document(folded):
        kinds -= {"recipients"}  # "Báo cáo gửi tới những cơ quan nào?" asks about a task, not the closing
    words = re.findall(r"[a-z]+", question.lower())
    english = (fold_diacritics(question) == question
               and sum(w in _lexicon()["english"] for w in words) >= max(2, len(words) // 4))
    return QuestionInfo(
        text=question,
        kinds=kinds,
        years=years(question),
        names=_run_names(expanded) + ((() if english else _single_names(expanded))),
        required_unit=_required_unit(folded),
        share_allowed=not any(c in folded for c in _lexicon()["count_subjects"]),
        roles=_roles(folded),
        tokens=content_tokens(expanded),  # abbreviations already replaced
        english=english,
    )


def counted(question: str) -> tuple[str, str] | None:
    """("bao nhiêu", "nhóm giải pháp chủ yếu") for "Kế hoạch có bao nhiêu nhóm giải pháp chủ
    yếu?": the count word and the items counted, as written, up to the next clause or question
    word; None for other questions. Accented questions are matched with their accents, so "chi
    tiêu" is no "chỉ tiêu"; one typed without them is matched accent-free."""
    text = " ".join(unify_tone_marks(question).split())
    accented = fold_diacritics(text) != text
    form = text.lower() if accented else fold(text)
    if len(form) != len(text):
        return None
    nouns = [unify_tone_marks(n).lower() if accented else fold(n) for n in _lexicon()["counted"]]
    counts = "bao nhiêu|mấy" if accented else "bao nhieu|may"
    alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    m = re.search(rf"(?<!\w)({counts})\s+((?:{alternatives})(?!\w)[^?,;.]*)", form)
    if not m:
        return None
    items = text[m.start(2):m.end(2)]
    cut = _COUNT_END.search(fold(items))
    items = items[:cut.start()] if cut else items
    return text[m.start(1):m.end(1)], items.strip()


def question_parts(question: str) -> list[str]:
    """The questions a compound one asks, each with its own question word ("Khi nào tổ chức
    phải cung cấp dữ liệu ..., và cơ quan nhận có trách nhiệm gì?"); [] when it asks one thing.
    Parts are cut at "; ", "? ", ", và", ", còn", or " và " after a question word; a piece
    without a question word of its own belongs to its neighbour ("Ai chủ trì và phối hợp?")."""
    question = unify_tone_marks(nfc(question))
    pieces = [p.strip(" ,;?") for p in _PART_BREAK.split(question) if p and p.strip(" ,;?")]
    if len(pieces) < 2 or not all(_asks_something(p) for p in pieces):
        return []
    return pieces


def _asks_something(piece: str) -> bool:
    """A question word of its own, with its accents when the piece has them ("máy", "đầu" and
    the negation "không" inside a clause ask nothing)."""
    if fold_diacritics(piece) != piece:
        return bool(_QUESTION_WORD_ACCENTED.search(piece.lower()))
    return bool(_QUESTION_WORD.search(fold(piece)))


def _asks(folded: str, phrases: tuple[str, ...], exceptions: tuple[str, ...]) -> bool:
    """Whether a kind's phrase stands in the question as whole words ("ai ký" is not in "ai kiểm
    tra"), outside the phrases that only look like it."""
    for e in exceptions:
        folded = re.sub(rf"(?<![a-z0-9]){re.escape(e)}(?![a-z0-9])", " ", folded)
    return any(re.search(rf"(?<![a-z0-9]){re.escape(p.strip())}(?![a-z0-9])", folded) for p in phrases)


def _asks_whose_document(folded: str) -> bool:
    """"Tỉnh nào có / đã ra kế hoạch ...": the place asked is the one whose document it is."""
    from assistant.answer.scope import document_kind_words

    whose = _lexicon()["whose_document"]
    kinds = "|".join(re.escape(k) for k in document_kind_words() if len(k) > 2)
    return bool(re.search(rf"(?<![a-z])(?:{whose['places']}) nao (?:{whose['verbs']}) (?:{kinds})(?![a-z])", folded))


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


def _sends_the_document(folded: str) -> bool:
    """Whether the question asks whom the document itself goes to: "nơi nhận" with nothing after
    it but the document ("Nơi nhận của kế hoạch gồm những ai?", not "nơi nhận hồ sơ"), or "gửi"
    with the document before it in its clause ("Kế hoạch 310 được gửi tới ...", not "báo cáo gửi
    tới", nor "theo kế hoạch, báo cáo gửi tới")."""
    from assistant.answer.scope import document_kind_words

    kinds = [k for k in document_kind_words() if len(k) > 2] + ["van ban"]

    def starts_kind(words: list[str]) -> bool:
        return any(re.match(rf"{re.escape(k)}(?![a-z])", " ".join(words)) for k in kinds)

    for m in re.finditer(r"(?<![a-z])(noi nhan|gui)(?![a-z])", folded):
        if m.group(1) == "noi nhan":
            after = re.findall(r"[a-z0-9]+", folded[m.end():])
            if not after or after[0] in _RECIPIENT_WORDS or starts_kind(after):
                return True
        else:  # the clause before "gửi" names the document, and no report after it
            before = re.findall(r"[a-z0-9]+", re.split(r"[,;.?!:]", folded[:m.start()])[-1])
            named = [i for i in range(len(before)) if starts_kind(before[i:])]
            if named and "bao cao" not in " ".join(before[named[-1]:]):
                return True
    return bool(re.search(r"recipients|who receives|sent to", folded))


# Words after "nơi nhận" that still ask for the document's own list.
_RECIPIENT_WORDS = frozenset({"cua", "la", "gom", "co", "nhung", "nao", "van", "ke", "nay"})

# Words after "ban hành" (or "ban hành văn bản") that still mean the document itself.
_DOCUMENT_WORDS = frozenset({"nay", "no", "tai", "khi", "ngay", "nam", "vao", "luc", "boi"})


_WORD = re.compile(r"[^\W\d_]+")
# What ends the items a count question counts: "nhóm giải pháp | và ai chủ trì", "| trong năm 2024".
_COUNT_END = re.compile(r"\s(?:va|con|hoac|trong|tai|cua|da|duoc|o|de|nhu the nao|ra sao)\s")
# Where a compound question's parts meet, and the words that make a piece a question of its own.
_PART_BREAK = re.compile(r"\s*(?:[,;]\s*(?:và|còn)\s+|;\s+|\?\s+)|(?:(?<=\bgì)|(?<=\bnào)|(?<=\bđâu)|(?<=\bai))\s+và\s+", re.IGNORECASE)
_QUESTION_WORD = re.compile(r"(?<![a-z])(?:gi|nao|bao nhieu|khi nao|ai|may|dau|ra sao|the nao|khong)(?![a-z])")
_QUESTION_WORD_ACCENTED = re.compile(r"(?<!\w)(?:gì|nào|bao nhiêu|khi nào|ai|mấy|đâu|ra sao|thế nào|không\s*$)(?!\w)")
_SENTENCE_END = ".?!:;,\"“(-–"


def place_names_in(text: str) -> tuple[str, ...]:
    """The names a text writes as runs of capitalised words that open with no title or type
    word ("Búng Lao", "Điện Biên Phủ"; not "Ban Chỉ" of "Ban Chỉ đạo", not "Sở Khoa", not a
    sentence's first word): what can name a place."""
    return tuple(n for n in _run_names(text) if fold_diacritics(n.split()[0]) not in _lexicon()["not_names"])


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
                or fold_diacritics(word) in _lexicon()["not_names"]):
            continue
        before = text[: m.start()].rstrip()
        if not before or before[-1] in _SENTENCE_END or "\n" in text[len(before):m.start()]:
            continue  # a sentence or line starts with a capital anyway
        out.append(word)
    return tuple(out)


def _roles(folded: str) -> tuple[str, ...]:
    found = []
    for role in _lexicon()["roles"]:  # longest first, so "phó chủ tịch" is not also read as "chủ tịch"
        if f" {role} " in folded and not any(role in f for f in found):
            found.append(role)
    return tuple(found)


def _is_title(name: str) -> bool:
    return all(fold_diacritics(w) in _lexicon()["not_names"] for w in name.split())


def _required_unit(folded: str) -> tuple[str, ...]:
    lexicon = _lexicon()
    units = lexicon["units"]
    if "bao nhieu" in folded and _whole(folded, lexicon["money_subjects"]):
        return units[fold("tien")]  # "mức phạt tiền ... là bao nhiêu?" is answered by a sum of money
    m = re.search(r"bao nhieu ([a-z0-9 ]+)", folded)
    if not m:
        return ()
    after = m.group(1).strip()
    for word, found in sorted(units.items(), key=lambda kv: -len(kv[0])):
        if after.startswith(word + " ") or after == word:
            return found
    return ()


def _whole(folded: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", folded) for p in phrases)
