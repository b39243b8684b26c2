"""Prompt templates live in prompts/ as files and are loaded by name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import ConfigError


@lru_cache(maxsize=32)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8").strip()


def load_prompt(prompts_dir: Path, name: str) -> str:
    path = Path(prompts_dir) / name
    if not path.is_file():
        raise ConfigError(f"prompt '{name}' not found in {prompts_dir}; restore it or fix ASSISTANT_PROMPTS_DIR.")
    return _read(str(path))
