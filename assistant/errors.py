"""Error hierarchy: every user mistake becomes one of these, with a message that says what to do."""


class AssistantError(Exception):
    """Base class; the CLI prints the message on one line and exits non-zero."""

    exit_code = 1


class ConfigError(AssistantError):
    """A setting or environment override is invalid."""


class ManifestError(AssistantError):
    """The corpus manifest is missing, malformed, or disagrees with the files in corpus/."""


class DocumentError(AssistantError):
    """A document cannot be loaded: encrypted, scanned, corrupt, empty, wrong encoding, unsupported."""

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotFoundError(AssistantError):
    """A document id, file or section id the user named does not exist."""
