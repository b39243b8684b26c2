"""The closing block of a document: Nơi nhận and the signature (authority T/M, TM., KT. ...,
the signer's title and name), wherever it sits in the file."""

from __future__ import annotations

import re

from assistant.ingest.blocks import (
    Cell,
    compare_key,
    is_caps,
    is_name_word,
    layout,
    proper_case,
    starts_with,
)

_CLOSING_REACH = 30  # lines around "Nơi nhận" where the signature is looked for
_CELL_MAX = 90
_SIGNATURE_AT_END = 6  # cells: a signature without authority counts only as the very end


def read_closing(cells: list[Cell]) -> dict:
    """Nơi nhận and the signature: authority, title and name, wherever the block sits."""
    texts = [c.text for c in cells]
    anchors = [i for i, t in enumerate(texts) if re.match(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?", t or "")]
    out: dict = {}
    for anchor in anchors:
        recipients = []
        for t in texts[anchor + 1: anchor + 1 + _CLOSING_REACH]:
            if not t:
                continue
            if not re.match(r"^[-–•+*]", t):
                break
            recipients.append(t.lstrip("-–•+* ").rstrip(";,."))
        out.setdefault("recipients", tuple(recipients))
        signature = _signature(texts, max(0, anchor - _CLOSING_REACH), min(len(texts), anchor + _CLOSING_REACH + len(recipients)))
        if signature:
            out.update(signature)
            return out
    # No "Nơi nhận": a signature still closes the main text (the last part before any appendix).
    tail = _signature(texts, max(0, len(texts) - 3 * _CLOSING_REACH), len(texts))
    if not (tail and tail.get("authority")):
        # A law ends with its signer's title and name and nothing else ("CHỦ TỊCH QUỐC HỘI").
        tail = _signature(texts, max(0, len(texts) - _SIGNATURE_AT_END), len(texts))
    out.update(tail)
    return out


def _signature(texts: list[str], lo: int, hi: int) -> dict:
    data = layout()
    marks = {compare_key(m) for m in data["signed_marks"]}
    for i in range(lo, hi):
        name = (texts[i] or "").strip()
        words = name.split()
        if not 2 <= len(words) <= 5 or not all(is_name_word(w) for w in words):
            continue
        titles: list[str] = []
        j = i - 1
        while j >= lo and (not texts[j] or compare_key(texts[j]) in marks):
            j -= 1
        while j >= lo and texts[j] and is_caps(texts[j]) and len(texts[j]) <= _CELL_MAX and len(titles) < 4:
            titles.insert(0, texts[j])
            j -= 1
        if not titles:
            continue
        authority = None
        joined = _join_authority(titles)
        for t in joined:
            if authority is None and starts_with(t, data["authorities"]):
                authority = t  # the first: "TM. CHÍNH PHỦ" before "KT. THỦ TƯỚNG"
        title_lines = [t for t in joined if t != authority and not starts_with(t, data["authorities"])]
        return {"authority": authority, "signer_title": proper_case(" ".join(title_lines)) if title_lines else None,
                "signer": name}
    return {}


def _join_authority(lines: list[str]) -> list[str]:
    """'TM. ỦY BAN NHÂN' + 'DÂN' + 'KT. CHỦ TỊCH' + 'PHÓ CHỦ TỊCH': wrapped authority lines rejoined."""
    data = layout()
    out: list[str] = []
    for line in lines:
        if out and starts_with(out[-1], data["authorities"]) and not starts_with(line, data["authorities"]) \
                and (len(line.split()) == 1 or not starts_with(line, data["body_starts"] + data["title_starts"])):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out
