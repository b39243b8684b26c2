"""Command line: a thin layer over `Assistant`. `--json` prints machine-readable output."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import AssistantError
from .facade import Assistant
from .structure import display_title

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Trợ lý hỏi–đáp văn bản Đảng, chính quyền (Kế hoạch 06 Điện Biên). Offline, cited answers.",
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout.")]


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files to load; default: the whole corpus.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Load, validate, parse and chunk the corpus (or the given files) and report counts."""
    report = Assistant().ingest(paths or None)
    if as_json:
        _print_json(report.as_dict())
        return
    typer.echo(f"{report.documents} văn bản, {report.sections} mục, {report.chunks} đoạn (chunks).")
    for w in report.warnings:
        typer.echo(f"cảnh báo: {w}", err=True)


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


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # `assistant sections ... | head` should end quietly, like any Unix tool.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        app()
    except AssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
