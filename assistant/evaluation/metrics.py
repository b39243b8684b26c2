"""Per-question checks shared by the answer benchmark and the eval command (DESIGN.md)."""

from __future__ import annotations

from assistant.model import Answer
from assistant.text.normalize import match_key


def section_matches(doc_id: str, section_id: str, expected: str, trees: dict) -> bool:
    """A citation of `expected` ("doc#II.2") is satisfied by II.2 or a descendant, never a sibling."""
    exp_doc, _, exp_section = expected.partition("#")
    if doc_id != exp_doc:
        return False
    tree = trees.get(doc_id)
    if tree is not None:
        return tree.is_within(section_id, exp_section)
    return section_id == exp_section or section_id.startswith(exp_section + ".")


def citation_hit(answer: Answer, expected: tuple[str, ...], trees: dict) -> bool:
    return any(section_matches(c.doc_id, c.section_id, e, trees) for c in answer.citations for e in expected)


def includes_all(answer: Answer, must_include: tuple[str, ...]) -> bool:
    text = match_key(answer.text)
    return all(match_key(m) in text for m in must_include)
