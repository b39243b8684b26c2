"""Command line: a thin layer over `Assistant`. `--json` prints machine-readable output."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.errors import AssistantError, NotFoundError
from assistant.model import display_title

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Trợ lý hỏi–đáp văn bản Đảng, chính quyền. Offline, cited answers.",
)

def Assistant(*args, **kwargs):  # noqa: N802 - imported on use: `assistant --help` must not load Chroma and LangChain
    from assistant.facade import Assistant as _Assistant

    return _Assistant(*args, **kwargs)


JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout.")]


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files to add or replace in the corpus first.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """(Re)index the corpus; with files, add or replace them in corpus/ first. Incremental."""
    assistant = Assistant()
    if paths:
        from assistant.ingest.library import add_files

        doc_ids = add_files(paths, assistant.settings)
        if not as_json:
            typer.echo(f"đã thêm/cập nhật: {', '.join(doc_ids)}", err=True)
    show_bar = not as_json and sys.stderr.isatty()
    with _progress(show_bar) as progress:
        report = assistant.ingest(progress)
    if as_json:
        _print_json(report.as_dict())
        return
    state = "đã xây dựng lại" if report.rebuilt else "không đổi"
    typer.echo(
        f"{report.documents} văn bản, {report.chunks} đoạn; nhúng mới {report.embedded}, dùng lại {report.skipped}; "
        f"chỉ mục {state} ({report.seconds:.1f} s)."
    )
    for w in report.warnings:
        typer.echo(f"cảnh báo: {w}", err=True)


@app.command()
def search(
    question: Annotated[str, typer.Argument(help="The question or keywords.")],
    k: Annotated[Optional[int], typer.Option("--k", min=1, max=100, help="Number of results.")] = None,
    mode: Annotated[Optional[str], typer.Option("--mode", help="lexical | dense | hybrid | rerank")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Ranked passages for a question, with their section ids."""
    hits = Assistant().search(question, k, mode)
    if as_json:
        _print_json([h.as_dict() for h in hits])
        return
    if not hits:
        typer.echo("Không tìm thấy đoạn nào phù hợp.")
    for n, h in enumerate(hits, 1):
        snippet = " ".join(h.chunk.text.split())
        typer.echo(f"{n}. [{h.chunk.doc_id}#{h.chunk.section_id}] {h.chunk.breadcrumb}  (điểm {h.score:.4f})")
        typer.echo(f"   {snippet[:300]}{'…' if len(snippet) > 300 else ''}")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Câu hỏi bằng tiếng Việt.")],
    backend: Annotated[Optional[str], typer.Option("--backend", help="extractive | openai | llamacpp")] = None,
    doc: Annotated[Optional[list[str]], typer.Option("--doc", help="Answer from this document only (doc_id; repeatable). Default: the document(s) the question names, else all.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A short cited answer, or an honest decline. Generative backends stream verified text."""
    if not question.strip():
        raise AssistantError("the question is empty; ask something, e.g. assistant ask \"Ai chủ trì tuyên truyền?\"")
    assistant = Assistant()
    if as_json:
        _print_json(assistant.ask(question, backend=backend, docs=doc).as_dict())
        return
    answer = None
    shown = ""
    for event in assistant.ask_stream(question, backend=backend, docs=doc):
        if isinstance(event, str):
            if (backend or assistant.settings.backend) != "extractive":
                typer.echo(event, nl=False)
                shown += event
        else:
            answer = event
    if shown:
        typer.echo("")
    if " ".join(shown.split()) != " ".join(answer.text.split()):
        if shown:  # what streamed was verified, but the final answer is a different one: show it
            typer.echo("(câu trả lời đầy đủ, đã kiểm chứng:)")
        typer.echo(answer.text)
    for n, c in enumerate(answer.citations, 1):
        page = f", trang {c.page}" if c.page else ""
        typer.echo(f"  [{n}] {c.label}{page}")


@app.command()
def draft(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="de-cuong | hoi-dap | tin-bai | talking-points")],
    topic: Annotated[str, typer.Option("--topic", help="Chủ đề, e.g. 'phát triển nhà ở đô thị'.")],
    audience: Annotated[Optional[str], typer.Option("--audience", help="Đối tượng, e.g. 'cán bộ, đảng viên'.")] = None,
    length: Annotated[Optional[str], typer.Option("--length", help="ngắn | vừa | dài")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write FILE.docx or FILE.md.")] = None,
    backend: Annotated[Optional[str], typer.Option("--backend", help="extractive | openai | llamacpp")] = None,
    doc: Annotated[Optional[list[str]], typer.Option("--doc", help="Draft from this document only (doc_id; repeatable). "
                                                     "Default: the document(s) the topic is about.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A grounded explanatory material, every figure and assignment footnoted to its section."""
    from assistant.drafting.export import EXPORT_SUFFIXES, ExportError, export

    if out is not None and out.suffix.lower() not in EXPORT_SUFFIXES:
        raise ExportError(f"cannot export to '{out.name}': use a .docx or .md file name.")
    result = Assistant().draft(kind, topic, audience, length, backend, docs=doc or None)
    if as_json:
        _print_json(result.as_dict())
    if result.refused:  # like `ask`, a decline is an answer; but a requested file was not written
        if not as_json:
            typer.echo(result.text)
        if out is not None:
            typer.echo(f"không ghi {out}: tài liệu không đề cập chủ đề này.", err=True)
            raise typer.Exit(1)
        return
    if out is not None:
        export(result, out)
        if not as_json:
            typer.echo(f"đã ghi: {out} ({len(result.footnotes)} chú thích)", err=True)
    elif not as_json:
        typer.echo(result.text)
    if result.reason and not as_json:
        typer.echo(f"ghi chú: {result.reason}", err=True)


TableFormat = Annotated[bool, typer.Option("--csv", help="CSV (UTF-8 with BOM, opens in Excel) on stdout.")]


def _rows_out(rows, fields: tuple[str, ...], as_json: bool, as_csv: bool) -> bool:
    """Print rows as JSON or CSV; False when the caller should print its human table."""
    from assistant.analytics.rows import to_csv

    if as_json:
        _print_json([r.as_dict() for r in rows])
        return True
    if as_csv:
        typer.echo(to_csv([r.as_dict() for r in rows], fields), nl=False)
        return True
    return False


@app.command()
def targets(as_json: JsonFlag = False, as_csv: TableFormat = False) -> None:
    """Quantitative targets of the plans: indicator, value, horizon, section, quote."""
    from assistant.analytics.rows import TARGET_FIELDS

    rows = Assistant().targets()
    if _rows_out(rows, TARGET_FIELDS, as_json, as_csv):
        return
    if not rows:
        typer.echo("Không tìm thấy chỉ tiêu định lượng nào trong các văn bản.")
    for horizon in sorted({r.horizon for r in rows}):
        typer.echo(f"== {('Đến năm ' + horizon) if horizon else 'Không ghi mốc'}")
        for r in (r for r in rows if r.horizon == horizon):
            typer.echo(f"  {r.indicator}: {r.display_value}  [{r.doc_id}#{r.section_id}]")


@app.command()
def timeline(as_json: JsonFlag = False, as_csv: TableFormat = False) -> None:
    """Dated and recurring tasks, with the bodies responsible and their sections."""
    from assistant.analytics.rows import TIMELINE_FIELDS

    rows = Assistant().timeline()
    if _rows_out(rows, TIMELINE_FIELDS, as_json, as_csv):
        return
    if not rows:
        typer.echo("Không tìm thấy nhiệm vụ có thời hạn nào trong các văn bản.")
    for r in rows:
        typer.echo(f"{r.when:<22} {r.body or '(không nêu cơ quan)'}  [{r.doc_id}#{r.section_id}]")
        typer.echo(f"{'':<22} {r.task[:160]}{'…' if len(r.task) > 160 else ''}")


@app.command()
def responsibilities(as_json: JsonFlag = False, as_csv: TableFormat = False) -> None:
    """Responsibility matrix: body -> tasks it leads or coordinates."""
    from assistant.analytics.rows import RESPONSIBILITY_FIELDS

    rows = Assistant().responsibilities()
    if _rows_out(rows, RESPONSIBILITY_FIELDS, as_json, as_csv):
        return
    if not rows:
        typer.echo("Không tìm thấy phân công nhiệm vụ nào trong các văn bản.")
    for body in dict.fromkeys(r.body for r in rows):
        typer.echo(f"== {body}")
        for r in (r for r in rows if r.body == body):
            when = f" ({r.deadline})" if r.deadline else ""
            typer.echo(f"  {r.role}: {r.task[:150]}{'…' if len(r.task) > 150 else ''}{when}  [{r.doc_id}#{r.section_id}]")


@app.command("eval")
def eval_command(
    questions: Annotated[Path, typer.Argument(metavar="QUESTIONS.yaml", help="A question set (docs/DESIGN.md format).")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for report.json and report.md.")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="A previous report.json to compare with.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="Retrieval depth for hit@k and MRR.")] = 5,
    backend: Annotated[Optional[str], typer.Option("--backend", help="extractive | openai | llamacpp")] = None,
    mode: Annotated[Optional[str], typer.Option("--mode", help="lexical | dense | hybrid | rerank")] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", min=0.0, max=1.0,
                                             help="Largest drop of a quality metric that is not a regression.")] = 0.0,
    judge: Annotated[bool, typer.Option("--judge", help="Also ask the OpenAI-compatible endpoint to judge answers.")] = False,
) -> None:
    """Run a question set: metrics, report.json + report.md, non-zero exit on regression."""
    import time

    from assistant.evaluation.baseline import check_same_inputs, read_baseline
    from assistant.evaluation.questionset import load_question_set
    from assistant.evaluation.report import write_reports
    from assistant.evaluation.runner import compare, evaluate, file_digest

    assistant = Assistant()
    settings = assistant.settings.with_(**{k_: v for k_, v in {"search_mode": mode, "backend": backend}.items() if v})
    settings.validate()
    assistant = Assistant(settings)
    old = read_baseline(baseline) if baseline else None
    build = assistant.ingest().build
    items = load_question_set(questions, {p.doc_id: p.tree for p in assistant.corpus()})
    if old is not None:
        check_same_inputs(old, baseline, questions, k, settings.backend, settings.search_mode)
    judge_fn = None
    if judge:
        from assistant.evaluation.judge import make_judge

        judge_fn = make_judge(settings)
    with _progress(sys.stderr.isatty(), label="Đang đánh giá") as progress:
        report = evaluate(assistant, items, k=k, mode=settings.search_mode, backend=settings.backend,
                          progress=progress, judge=judge_fn)
    report["meta"] = {"question_set": str(questions), "question_set_sha256": file_digest(questions),
                      "created": time.strftime("%Y-%m-%d %H:%M:%S"), "backend": settings.backend, "mode": settings.search_mode,
                      "k": k, "index_build": build, "embedding_model": settings.embedding_model, "judge": judge}
    if old is not None:
        report["comparison"] = compare(report, old, tolerance)
    out = out or Path("reports") / f"{Path(questions).stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    json_path, md_path = write_reports(report, out)
    s = report["summary"]
    typer.echo(f"{s['n']} câu hỏi · hit@{k} {s['retrieval_hit_at_k']} · MRR {s['mrr']} · citation {s['citation_hit']} · "
               f"đúng {s['answer_correct']} · từ chối đúng câu ngoài tài liệu {s['refusal_recall']} · từ chối nhầm {s['false_refusal_rate']} · "
               f"p50 {s['latency_ms_p50']} ms")
    typer.echo(f"báo cáo: {json_path} · {md_path}")
    if old is not None:
        cmp = report["comparison"]
        for row in cmp["metrics"]:
            if row["verdict"] in ("better", "worse"):
                typer.echo(f"  {row['verdict']:>6}: {row['metric']} {row['baseline']} -> {row['current']} ({row['delta']:+})")
        for f in cmp["flipped"]:
            typer.echo(f"  flipped: {f['id']} now {f['now']}")
        if cmp["regressions"]:
            typer.echo(f"REGRESSION against {baseline}: {', '.join(cmp['regressions'])}", err=True)
            raise typer.Exit(1)
        typer.echo(f"no regression against {baseline}")


class _progress:
    """A progress bar on stderr for long ingests (only on a terminal)."""

    def __init__(self, enabled: bool, label: str = "Đang nhúng"):
        self.enabled = enabled
        self.label = label
        self.bar = None

    def __enter__(self):
        return self.update if self.enabled else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = typer.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


@app.command()
def sections(
    target: Annotated[str, typer.Argument(metavar="DOC_ID_OR_FILE", help="A document id or a file path.")],
    as_json: JsonFlag = False,
) -> None:
    """Print the section tree of a document."""
    parsed = Assistant().sections(target)
    tree = parsed.tree
    if as_json:
        _print_json([{"id": s.id, "title": display_title(s.title), "parent": s.parent, "chars": s.chars} for s in tree])
        return
    doc = parsed.document
    typer.echo(f"{doc.short_title} ({doc.doc_id}) — {len(tree)} mục")
    width = max(len(s.id) for s in tree) + 2 * max(len(s.path) for s in tree) + 2
    for s in tree:
        indent = "  " * len(s.path)
        typer.echo(f"{indent}{s.id:<{width - len(indent)}}{s.heading}  ({s.chars} ký tự)")


@app.command()
def meta(
    target: Annotated[str, typer.Argument(metavar="DOC_ID_OR_FILE", help="A corpus document id, or a file to read the header of.")],
    title: Annotated[Optional[str], typer.Option("--title")] = None,
    short_title: Annotated[Optional[str], typer.Option("--short-title")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="Kế hoạch, Nghị quyết, Quyết định, ...")] = None,
    number: Annotated[Optional[str], typer.Option("--number", help="Số/ký hiệu, e.g. 45-KH/TU; '' = không ghi.")] = None,
    issued: Annotated[Optional[str], typer.Option("--issued", help="YYYY-MM-DD; '' = không ghi.")] = None,
    issuer: Annotated[Optional[str], typer.Option("--issuer")] = None,
    signer: Annotated[Optional[str], typer.Option("--signer")] = None,
    signer_title: Annotated[Optional[str], typer.Option("--signer-title")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show a document's metadata (for a file: what its header and closing say); with options, correct it in the manifest."""
    from assistant.config import Settings
    from assistant.ingest.library import detected_entry, update_entry

    settings = Settings.from_env()
    changes = {k: v for k, v in {"title": title, "short_title": short_title, "kind": kind, "number": number, "issued": issued,
                                 "issuer": issuer, "signer": signer, "signer_title": signer_title}.items() if v is not None}
    path = Path(target)
    if path.suffix and path.exists():
        if changes:
            raise AssistantError(f"{target} is a file, not a corpus document: add it with `assistant ingest {target}` first, "
                                 "then correct its metadata by its id.")
        entry = detected_entry(path, settings)
    elif changes:
        entry = update_entry(target, settings, changes)
    else:
        entry = next((p for p in Assistant(settings).corpus() if p.doc_id == target), None)
        if entry is None:
            raise NotFoundError(f"no document '{target}' in the corpus; the ids are in corpus/manifest.yaml (or run `assistant meta FILE` for a file).",
                                code="document_not_found")
        entry = _entry_of(entry)
    data = entry.model_dump(mode="json", exclude={"related"})
    if as_json:
        _print_json(data)
        return
    for name, value in data.items():
        typer.echo(f"{name:<13}{value if value not in (None, '') else 'không ghi'}")


def _entry_of(parsed):
    from assistant.ingest.manifest import ManifestEntry

    return ManifestEntry.model_validate(parsed.document.meta)


@app.command()
def serve() -> None:
    """Start the Gradio app (same as `python app.py`): http://127.0.0.1:7860 by default."""
    from assistant.app.server import serve as run

    run()


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # `assistant sections ... | head` should end quietly, like any Unix tool.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        app()
    except AssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:  # permissions, full disk, vanished files: the user can act on these
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        typer.echo(f"error: {exc.strerror or exc}{where}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
