"""The verdict a yes/no answer starts with ("Có.", "Đúng.", "Không, tài liệu ghi 32%."), from
the passage the answer quotes. Words are data (resources/yesno.yaml).

Only verdicts the passage can back are given: a question asking whether the documents speak of
something ("có nhắc đến ... không?") gets "Có" when they do (the answer step has already decided
they do); a question that checks a figure gets "Đúng" when the passage states that figure and
"Không, tài liệu ghi ..." when it states another for the asked subject. Other yes/no questions
("Có phải Sở X chủ trì không?", "Công ty có được ... không?", any question about a law, whose
reader asks what is allowed) get no verdict: the quote answers them, and a wrong "Có" or
"Đúng" would mislead.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.answer.question import QuestionInfo
from assistant.resources import package_path
from assistant.text.figures import FIGURE, is_measured, names_a_year


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    import yaml

    return yaml.safe_load(package_path("yesno.yaml").read_text(encoding="utf-8"))["verdicts"]


def _figures(text: str) -> list[str]:
    return [m["low"] for m in FIGURE.finditer(text.lower()) if is_measured(m) and not names_a_year(m)]


def verdict(info: QuestionInfo, passage: str, stated: str) -> str:
    """The verdict for a yes/no question, "" for other questions or when none can be backed.
    `stated` is the figure the passage gives for the asked subject ("" when none)."""
    words = _words()
    if "yesno-presence" in info.kinds:
        return words["present"]
    if "yesno-check" not in info.kinds:
        return ""
    asked = _figures(info.text)
    if not asked:
        return ""
    given = set(_figures(passage))
    if all(a in given for a in asked):
        return words["confirmed"]
    return words["differs"].format(figure=stated) if stated else words["unstated"]
