"""Document-kind profiles (resources/profiles/*.yaml): what differs by kind of document, as
data — the heading words that mark goals, tasks, solutions and assignments, the parts of a
đề cương drawn from it, and what a decline suggests asking instead.

    profile = profile_for(kind="Nghị quyết", issuer="Chính phủ")
    profile.role(["II. MỤC TIÊU", "1. Đến năm 2030"])   # -> "goals"

A document of unknown kind gets the generic profile, which still drafts and extracts. A part
issued with the document (a Quy chế, a Chương trình hành động) is read with its own kind's
profile (`profile_at`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import ConfigError
from assistant.ingest.blocks import compare_key
from assistant.model import CLOSING_ID, PREAMBLE, ParsedDocument, Section
from assistant.resources import package_path
from assistant.text.normalize import fold_diacritics

GENERIC = "generic"


class _Match(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kinds: list[str]
    issuers: list[str] = []


class _OutlinePart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str
    heading: str


class _ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    label: str
    match: _Match
    roles: dict[str, list[str]]
    outline: list[_OutlinePart]
    decline_hint: str
    answer_spread: int = 1
    situation_questions: bool = False
    body_headings: list[str] = ["organisation"]
    heading_weight: float = Field(0.0, ge=0.0, le=1.0)
    body_weight: float = Field(0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _weights_share_one_score(self):
        if self.heading_weight + self.body_weight > 1.0:
            raise ValueError("heading_weight and body_weight add up to more than 1")
        return self


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    kinds: tuple[str, ...]
    issuers: tuple[str, ...]
    roles: tuple[tuple[str, tuple[str, ...]], ...]  # in the order they are checked
    outline: tuple[tuple[str, str], ...]  # (role, heading shown)
    decline_hint: str
    # How many top-level sections an answer may quote: a law's reader asks about a situation
    # that several articles govern, a plan's reader about one target.
    answer_spread: int = 1
    # Whether questions describe the asker's situation rather than the document: in a question
    # about a law, "công ty thành lập 2023 ở Quảng Nam" gives a year and a place of the asker,
    # never a reason to decline; in a plan, "đến năm 2035" and "Sơn La" must be in the evidence.
    situation_questions: bool = False
    # The roles of the parts where a heading that only names a body ("1. Sở Tài chính") assigns
    # it the bullets under it: the organisation part of a plan; the whole body of a directive.
    body_headings: tuple[str, ...] = ("organisation",)
    # How much the question's similarity to a top-level heading ("Điều 35. Chuyển quyền sở hữu
    # tài sản góp vốn") counts when a question about this document is searched deeper
    # (index/headings.py); 0: not at all.
    heading_weight: float = 0.0
    # The same for the similarity of the section's whole body (the mean of its chunks' vectors).
    body_weight: float = 0.0

    @property
    def searches_sections(self) -> bool:
        return self.heading_weight + self.body_weight > 0

    def role(self, titles: list[str]) -> str:
        """The role of a section from its ancestors' titles and its own, outermost first: the
        first title that names a role decides ("Tổ chức thực hiện" before "Mục tiêu")."""
        for title in titles:
            folded = _fold(title)
            for role, words in self.roles:
                if any(f" {w} " in f" {folded} " for w in words):
                    return role
        return "other"


def _fold(text: str) -> str:
    return " ".join(fold_diacritics(compare_key(text)).replace(",", " ").replace(".", " ").split())


@lru_cache(maxsize=1)
def profiles() -> tuple[Profile, ...]:
    out = []
    for path in sorted(package_path("profiles").glob("*.yaml")):
        try:
            data = _ProfileFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except yaml.YAMLError as exc:
            raise ConfigError(f"profile {path.name} is not valid YAML ({str(exc).splitlines()[0]}); fix the file.", code="profile_invalid") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise ConfigError(f"profile {path.name}: {where}: {first['msg']}; fix the file.", code="profile_invalid") from None
        roles = tuple((role, tuple(_fold(w) for w in words)) for role, words in data.roles.items())
        out.append(Profile(data.name, data.label, tuple(data.match.kinds), tuple(data.match.issuers), roles,
                           tuple((p.role, p.heading) for p in data.outline), data.decline_hint, data.answer_spread,
                           data.situation_questions, tuple(data.body_headings), data.heading_weight,
                           data.body_weight))
    if not any(p.name == GENERIC for p in out):
        raise ConfigError("the generic profile (resources/profiles/generic.yaml) is missing; restore it.", code="profile_invalid")
    return tuple(out)


def profile_for(kind: str | None, issuer: str | None = None) -> Profile:
    """The profile of a kind (and issuer, where kinds differ by who issues them)."""
    kind_key = compare_key(kind or "")
    issuer_key = compare_key(issuer or "").replace("ủy ban nhân dân", "ubnd")
    best, best_score = None, 0
    for p in profiles():
        if not any(compare_key(k) == kind_key for k in p.kinds):
            continue
        score = 1
        if p.issuers:
            if not any(compare_key(i) in issuer_key for i in p.issuers):
                continue
            score = 2
        if score > best_score:
            best, best_score = p, score
    if best is None:  # a kind whose profiles all name issuers: the first of them
        best = next((p for p in profiles() if any(compare_key(k) == kind_key for k in p.kinds)), None)
    return best or next(p for p in profiles() if p.name == GENERIC)


def document_profile(parsed: ParsedDocument) -> Profile:
    meta = parsed.document.meta or {}
    return profile_for(meta.get("kind"), meta.get("issuer"))


def profile_at(parsed: ParsedDocument, section: Section) -> Profile:
    """The profile for one section: an attached document's own kind inside its subtree."""
    for sid in (*section.path, section.id):
        s = parsed.tree.get(sid)
        if s is not None and s.kind == "attached":
            return profile_for(s.id)
    return document_profile(parsed)


def section_role(parsed: ParsedDocument, section: Section) -> str:
    """The role of a section under its document's (or attached part's) profile. The title of an
    appendix or attached document names the whole part ("Báo cáo kết quả ..."), not a role."""
    if section.kind in (PREAMBLE, CLOSING_ID):
        return section.kind
    chain = [parsed.tree.get(sid) for sid in section.path] + [section]
    titles = [s.title for s in chain if s is not None and s.kind not in ("appendix", "attached")]
    return profile_at(parsed, section).role(titles)
