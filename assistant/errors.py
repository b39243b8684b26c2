"""Error hierarchy: every user mistake becomes one of these, with a message that says what to do.

Each error carries two things: an English message (logs, the CLI) and a stable `code` naming
the failure ("pdf_encrypted", "file_too_large", ...). The code is set where the error is
raised, by whoever knows what went wrong; the app translates codes, never English text, into
the user's language (assistant/app/messages.py). A class's own `code` is the fallback when a
raise site names none. Codes are part of the interface: rename one only together with its
translation.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class; the CLI prints the message on one line and exits non-zero."""

    exit_code = 1
    code = "error"

    def __init__(self, message: str = "", *, code: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


class ConfigError(AssistantError):
    """A setting or environment override is invalid."""

    code = "config_invalid"


class ManifestError(AssistantError):
    """The corpus manifest is missing, malformed, or disagrees with the files in corpus/."""

    code = "manifest_invalid"


class DocumentError(AssistantError):
    """A document cannot be loaded: encrypted, scanned, corrupt, empty, wrong encoding, unsupported."""

    code = "document_unreadable"

    def __init__(self, path: object, problem: str, *, code: str | None = None):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}", code=code)


class NotFoundError(AssistantError):
    """A document id, file or section id the user named does not exist."""

    code = "not_found"
