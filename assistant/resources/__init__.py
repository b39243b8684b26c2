"""Package data: prompt templates (`prompts/`), and the data files that stages read by name.

Loaded through importlib.resources so that an installed wheel finds them as well as a
checkout; `ASSISTANT_PROMPTS_DIR` points at another folder to try prompt variants.
Imports nothing of the project but errors.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from assistant.errors import ConfigError


def package_path(*parts: str) -> Path:
    """A file or folder shipped inside `assistant/resources/` (the wheel installs it unzipped)."""
    return Path(str(files(__name__).joinpath(*parts)))


PROMPTS_DIR = package_path("prompts")


@lru_cache(maxsize=32)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8").strip()


def load_prompt(prompts_dir: Path | None, name: str) -> str:
    folder = Path(prompts_dir) if prompts_dir else PROMPTS_DIR
    path = folder / name
    if not path.is_file():
        raise ConfigError(f"prompt '{name}' not found in {folder}; restore it or fix ASSISTANT_PROMPTS_DIR.", code="prompt_missing")
    return _read(str(path))
