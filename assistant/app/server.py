"""Starting the app with safe defaults (`python app.py`, `assistant serve`).

Listens on 127.0.0.1 unless GRADIO_SERVER_NAME says otherwise, port from GRADIO_SERVER_PORT
(7860), optional login from ASSISTANT_USERS, uploads limited to ASSISTANT_MAX_FILE_MB (the
handlers also check the file types), a queue with ASSISTANT_CONCURRENCY workers. The index is
built on the first start if there is none.
"""

from __future__ import annotations

import os
import sys

DEFAULT_PORT = 7860
QUEUE_SIZE = 200  # requests waiting beyond this are refused with "queue full" instead of piling up


def serve() -> None:
    from assistant.app.layout import CSS, build_app
    from assistant.app.requestlog import configure
    from assistant.errors import AssistantError
    from assistant.facade import Assistant
    from assistant.index.store import IndexMissingError

    configure()
    try:
        port = int(os.environ.get("GRADIO_SERVER_PORT") or DEFAULT_PORT)
    except ValueError:
        print(f"error: GRADIO_SERVER_PORT={os.environ.get('GRADIO_SERVER_PORT')!r} must be a port number, e.g. 7860.",
              file=sys.stderr)
        sys.exit(2)
    try:
        assistant = Assistant()
        try:
            assistant.index  # noqa: B018 - opens the current build
        except IndexMissingError:
            print("No search index yet: building it from the corpus (first start only)…", file=sys.stderr)
            assistant.ingest()
        settings = assistant.settings
        if settings.users and not settings.admins:
            print("warning: login is on but ASSISTANT_ADMINS is empty: nobody can upload, delete or reindex.",
                  file=sys.stderr)
        app = build_app(assistant)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    app.queue(default_concurrency_limit=settings.concurrency, max_size=QUEUE_SIZE).launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1",
        server_port=port,
        auth=settings.logins or None,
        auth_message="Đăng nhập để dùng trợ lý văn bản." if settings.logins else None,
        max_file_size=f"{settings.max_file_mb}mb",
        show_error=False,
        footer_links=["api"],
        css=CSS,
    )
