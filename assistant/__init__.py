"""Document-grounded Vietnamese assistant for Party and government plans."""

from .config import Settings
from .errors import AssistantError, DocumentError, ManifestError, NotFoundError
from .facade import Assistant

__all__ = ["Assistant", "Settings", "AssistantError", "DocumentError", "ManifestError", "NotFoundError"]
