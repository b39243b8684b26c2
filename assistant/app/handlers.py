"""Handlers of the drafting, analytics and library tabs (the evaluation tab's are in
evaluation_tab.py): plain functions over `Assistant` returning what the components show.
Errors come back in Vietnamese."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pandas as pd

from assistant.analytics.rows import RESPONSIBILITY_FIELDS, TARGET_FIELDS, TIMELINE_FIELDS, to_csv
from assistant.answer.question import fold
from assistant.app.files import UPLOAD_TYPES, upload_paths, workdir
from assistant.app.messages import vietnamese
from assistant.app.sources import EMPTY, source_html
from assistant.errors import AssistantError
from assistant.text.normalize import fold_diacritics

KIND_CHOICES = [("Đề cương tuyên truyền", "de-cuong"), ("Hỏi – đáp", "hoi-dap"), ("Tin bài ngắn", "tin-bai"),
                ("Những điểm chính (talking points)", "talking-points")]
LENGTH_CHOICES = ["ngắn", "vừa", "dài"]
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_diacritics(text.lower())).strip("-")[:40] or "tai-lieu"


# --- Soạn thảo -----------------------------------------------------------------------------
def draft_documents(assistant) -> list[tuple[str, str]]:
    """(short title, doc_id) of the documents a draft may be limited to, in corpus order."""
    try:
        return [(p.document.short_title, p.doc_id) for p in assistant.corpus()]
    except AssistantError:
        return []  # a broken corpus is reported by the library tab; drafting then picks automatically


def make_draft(assistant, kind: str, topic: str, audience: str, length: str, backend: str | None = None,
               docs: list[str] | None = None):
    """(preview markdown, .docx path, .md path, status). `docs`: the documents chosen on the tab
    (none chosen: the document(s) the topic is about)."""
    from assistant.drafting.export import to_markdown, write_docx, write_markdown

    try:
        draft = assistant.draft(kind, topic, audience or None, length or None, backend or None, docs=list(docs or []) or None)
    except AssistantError as exc:
        if getattr(exc, "code", "") == "draft_document_unknown":
            return "", None, None, "Văn bản đã chọn không còn trong kho. Hãy chọn lại văn bản hoặc để trống."
        return "", None, None, vietnamese(exc)
    except Exception as exc:
        return "", None, None, vietnamese(exc)
    if draft.refused:
        return draft.text, None, None, "Tài liệu không đề cập chủ đề này, không có bản thảo để tải về."
    folder = workdir("draft")
    name = f"{kind}-{_slug(topic)}"
    docx = write_docx(draft, folder / f"{name}.docx")
    md = write_markdown(draft, folder / f"{name}.md")
    note = f" ({draft.reason})" if draft.reason else ""
    status = f"Đã soạn xong: {len(draft.footnotes)} chú thích nguồn, mọi số liệu đã được đối chiếu với trích dẫn{note}."
    return preview_markdown(to_markdown(draft)), str(docx), str(md), status


def preview_markdown(markdown: str) -> str:
    """Gradio's Markdown has no footnotes: markers become superscripts, definitions paragraphs.
    Anything else that looks like markup (from a topic or a document) is shown as text."""
    text = escape(markdown, quote=False)
    text = re.sub(r"^\[\^(\d+)\]: (.*)$", r"<sup>[\1]</sup> \2\n", text, flags=re.M)
    return re.sub(r"\[\^(\d+)\]", r"<sup>[\1]</sup>", text)


# --- Chỉ tiêu & tiến độ --------------------------------------------------------------------
TARGET_COLUMNS = {"indicator": "Chỉ tiêu", "comparator": "So sánh", "value": "Giá trị", "unit": "Đơn vị",
                  "horizon": "Mốc", "section_id": "Mục", "quote": "Trích dẫn"}
TIMELINE_COLUMNS = {"when": "Thời hạn", "body": "Cơ quan", "task": "Nhiệm vụ", "section_id": "Mục", "quote": "Trích dẫn"}
RESPONSIBILITY_COLUMNS = {"body": "Cơ quan", "role": "Vai trò", "task": "Nhiệm vụ", "deadline": "Thời hạn",
                          "section_id": "Mục", "quote": "Trích dẫn"}
ALL = "Tất cả"


def _matches(row: dict, query: str) -> bool:
    """The query as a phrase, without accents or i/y differences ("ty le do thi hoa")."""
    if not query.strip():
        return True
    haystack = " ".join(fold(" ".join(str(v) for v in row.values())).split())
    return " ".join(fold(query).split()) in haystack


def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame([{label: r.get(key, "") or "" for key, label in columns.items()} for r in rows],
                         columns=list(columns.values()))
    return frame


def analytics_rows(assistant, table: str, query: str = "", choice: str = ALL) -> list[dict]:
    """Rows of one table ("targets", "timeline", "responsibilities"), filtered."""
    source = {"targets": assistant.targets, "timeline": assistant.timeline, "responsibilities": assistant.responsibilities}[table]
    rows = [r.as_dict() for r in source()]
    if table == "timeline":
        for r in rows:
            r["body"] = r["body"] or "(không nêu cơ quan)"
    key = {"targets": "horizon", "timeline": "kind", "responsibilities": "body"}[table]
    if choice and choice != ALL:
        wanted = {"Có thời hạn": "deadline", "Định kỳ, thường xuyên": "recurring"}.get(choice, choice)
        rows = [r for r in rows if str(r.get(key)) == wanted]
    return [r for r in rows if _matches(r, query)]


def analytics_view(assistant, table: str, query: str = "", choice: str = ALL):
    """(dataframe, rows state, csv path)."""
    rows = analytics_rows(assistant, table, query, choice)
    columns = {"targets": TARGET_COLUMNS, "timeline": TIMELINE_COLUMNS, "responsibilities": RESPONSIBILITY_COLUMNS}[table]
    fields = {"targets": TARGET_FIELDS, "timeline": TIMELINE_FIELDS, "responsibilities": RESPONSIBILITY_FIELDS}[table]
    path = workdir("csv") / f"{table}.csv"
    path.write_text(to_csv(rows, fields), encoding="utf-8")
    return _frame(rows, columns), rows, str(path)


def choices_for(assistant, table: str) -> list[str]:
    if table == "targets":
        return [ALL] + sorted({t.horizon for t in assistant.targets() if t.horizon})
    if table == "timeline":
        return [ALL, "Có thời hạn", "Định kỳ, thường xuyên"]
    return [ALL] + list(dict.fromkeys(r.body for r in assistant.responsibilities()))


def row_source(assistant, rows: list[dict], index) -> str:
    """The source of a selected table row, highlighted in its section."""
    row_index = index[0] if isinstance(index, (list, tuple)) else index
    if not rows or row_index is None or not 0 <= row_index < len(rows):
        return EMPTY
    r = rows[row_index]
    return source_html(assistant, r["doc_id"], r["start"], r["end"])


# --- Tài liệu ------------------------------------------------------------------------------
def corpus_view(assistant):
    """(dataframe of documents, document ids)."""
    try:
        corpus = assistant.corpus()
    except Exception as exc:
        return pd.DataFrame([{"Lỗi": vietnamese(exc)}]), []
    rows = []
    for p in corpus:
        meta = p.document.meta or {}
        rows.append({"Mã": p.doc_id, "Tên văn bản": p.document.title, "Loại": meta.get("kind", ""),
                     "Số hiệu": meta.get("number") or "không ghi", "Ngày ban hành": meta.get("issued") or "không ghi",
                     "Cơ quan ban hành": meta.get("issuer", ""), "Số mục": len(p.tree), "Số đoạn": len(p.chunks)})
    return pd.DataFrame(rows, columns=["Mã", "Tên văn bản", "Loại", "Số hiệu", "Ngày ban hành", "Cơ quan ban hành",
                                       "Số mục", "Số đoạn"]), [p.doc_id for p in corpus]


def preview_upload(assistant, files) -> str:
    """The detected section tree of each uploaded file, before anything is indexed."""
    from assistant.ingest.corpus import load_file

    paths = upload_paths(files)
    if not paths:
        return "Chưa chọn tệp nào."
    existing = {p.doc_id: p.document.title for p in assistant.corpus()}
    readable = 0
    parts = []
    for path in paths:
        if path.suffix.lower() not in UPLOAD_TYPES:
            parts.append(f"**{path.name}**: định dạng không được hỗ trợ; chỉ nhận {', '.join(UPLOAD_TYPES)}.")
            continue
        try:
            parsed = load_file(path, assistant.settings)
        except Exception as exc:
            parts.append(f"**{path.name}**: {vietnamese(exc)}")
            continue
        lines = [f"**{path.name}** → mã `{parsed.doc_id}` — {len(parsed.tree)} mục, {len(parsed.chunks)} đoạn",
                 f"Tên nhận diện: {_md(parsed.document.title)}"]
        if parsed.doc_id in existing:
            lines.append(f"> **Chú ý:** kho đã có văn bản mã `{parsed.doc_id}` ({_md(existing[parsed.doc_id])}). "
                         "Thêm tệp này sẽ THAY THẾ văn bản đó; chỉ làm vậy nếu đây là bản mới của cùng văn bản "
                         "(đánh dấu ô “Thay thế văn bản đã có cùng mã”).")
        readable += 1
        lines += [f"{'  ' * len(s.path)}- `{s.id}` {_md(s.heading)}" for s in parsed.tree]
        lines += [f"> Cảnh báo: {w}" for w in parsed.document.warnings]
        parts.append("\n".join(lines))
    hint = "\n\nNếu cây mục đúng, bấm **Thêm vào kho và lập chỉ mục**." if readable else ""
    return "\n\n".join(parts) + hint


# The metadata table of the library tab: column -> manifest field (ingest.library.EDITABLE).
META_COLUMNS = {"Tệp": "file", "Mã": "doc_id", "Tên văn bản": "title", "Tên ngắn": "short_title", "Loại": "kind",
                "Số hiệu": "number", "Ngày ban hành (NNNN-TT-NN)": "issued", "Cơ quan ban hành": "issuer",
                "Người ký": "signer", "Chức vụ người ký": "signer_title"}


def _meta_row(name: str, entry) -> dict:
    data = entry.model_dump(mode="json")
    row = {col: ("" if data.get(field) is None else str(data.get(field))) for col, field in META_COLUMNS.items()}
    row["Tệp"] = name
    return row


def detected_metadata(assistant, files) -> pd.DataFrame:
    """What each uploaded file's header and closing say, to be confirmed or corrected before
    it is added (empty cells are "không ghi": nothing is guessed)."""
    from assistant.ingest.library import detected_entry

    rows = []
    for path in upload_paths(files):
        if path.suffix.lower() not in UPLOAD_TYPES:
            continue
        try:
            rows.append(_meta_row(path.name, detected_entry(path, assistant.settings)))
        except Exception:
            continue  # the preview already says why this file cannot be read
    return pd.DataFrame(rows, columns=list(META_COLUMNS))


def corpus_metadata(assistant, doc_id: str | None) -> pd.DataFrame:
    """One document's manifest fields, for correction in the library tab."""
    from assistant.ingest.manifest import ManifestEntry

    parsed = next((p for p in assistant.corpus() if p.doc_id == doc_id), None) if doc_id else None
    if parsed is None:
        return pd.DataFrame([], columns=list(META_COLUMNS))
    return pd.DataFrame([_meta_row(Path(parsed.document.source).name, ManifestEntry.model_validate(parsed.document.meta))],
                        columns=list(META_COLUMNS))


def _changes(frame) -> dict[str, dict]:
    """Rows of an edited metadata table -> {file or doc id: {field: value}} of the editable fields."""
    from assistant.ingest.library import EDITABLE

    if frame is None:
        return {}
    records = frame.to_dict("records") if hasattr(frame, "to_dict") else [
        dict(zip(frame.get("headers", []), r)) for r in frame.get("data", [])]
    out = {}
    for record in records:
        fields = {META_COLUMNS[c]: ("" if v is None else str(v)) for c, v in record.items() if META_COLUMNS.get(c) in EDITABLE}
        key = str(record.get("Tệp") or record.get("Mã") or "")
        if key:
            out[key] = fields
            out.setdefault(str(record.get("Mã") or ""), fields)
    return out


def save_metadata(assistant, frame, username: str | None = None, progress=None) -> str:
    from assistant.ingest.library import update_entry

    if not assistant.settings.is_admin(username):
        return ADMIN_ONLY
    changes = _changes(frame)
    records = frame.to_dict("records") if hasattr(frame, "to_dict") else []
    saved = []
    try:
        for record in records:
            doc_id = str(record.get("Mã") or "")
            if doc_id:
                update_entry(doc_id, assistant.settings, changes[doc_id])
                saved.append(doc_id)
        if saved:
            assistant.ingest(progress)  # titles are in every passage's breadcrumb: reindex (incremental)
    except Exception as exc:
        return vietnamese(exc)
    return f"Đã lưu thông tin của {', '.join(saved)} và cập nhật chỉ mục." if saved else "Chưa chọn văn bản nào để sửa thông tin."


def _md(text: str) -> str:
    """Document text inside Markdown: shown as written, never as markup."""
    return escape(text, quote=False).replace("*", "\\*").replace("_", "\\_").replace("`", "'")


ADMIN_ONLY = "Chỉ quản trị viên mới được thêm, xóa văn bản hoặc lập lại chỉ mục. Hãy đăng nhập bằng tài khoản quản trị."


def add_documents(assistant, files, progress=None, username: str | None = None, replace: bool = False, metadata=None) -> str:
    from assistant.ingest.library import add_files

    if not assistant.settings.is_admin(username):
        return ADMIN_ONLY
    paths = upload_paths(files)
    if not paths:
        return "Chưa chọn tệp nào để thêm."
    bad = [p.name for p in paths if p.suffix.lower() not in UPLOAD_TYPES]
    if bad:
        return f"Không thêm được: {', '.join(bad)} không thuộc các định dạng {', '.join(UPLOAD_TYPES)}."
    try:
        doc_ids = add_files(paths, assistant.settings, replace=replace, metadata=_changes(metadata))  # checked under the corpus lock
        report = assistant.ingest(progress)
    except Exception as exc:
        return vietnamese(exc)
    return (f"Đã thêm {', '.join(doc_ids)} và lập chỉ mục: {report.documents} văn bản, {report.chunks} đoạn "
            f"(nhúng mới {report.embedded}).")


def delete_document(assistant, doc_id: str | None, confirmed: bool, progress=None, username: str | None = None) -> str:
    from assistant.ingest.library import remove_document

    if not assistant.settings.is_admin(username):
        return ADMIN_ONLY
    if not doc_id:
        return "Hãy chọn văn bản cần xóa."
    if not confirmed:
        return "Hãy đánh dấu ô xác nhận trước khi xóa."
    try:
        remove_document(doc_id, assistant.settings)
        report = assistant.ingest(progress)
    except Exception as exc:
        return vietnamese(exc)
    return f"Đã xóa {doc_id} khỏi kho và chỉ mục; còn {report.documents} văn bản. Văn bản này sẽ không còn được trích dẫn."


def reindex(assistant, progress=None, username: str | None = None) -> str:
    if not assistant.settings.is_admin(username):
        return ADMIN_ONLY
    try:
        report = assistant.ingest(progress)
    except Exception as exc:
        return vietnamese(exc)
    state = "đã xây dựng lại" if report.rebuilt else "không thay đổi"
    return f"Chỉ mục {state}: {report.documents} văn bản, {report.chunks} đoạn ({report.seconds:.1f} giây)."
