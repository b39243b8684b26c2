from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import ConfigError


def test_defaults_work_without_environment():
    s = Settings.from_env({})
    assert s.corpus_dir.name == "corpus" and s.index_dir.name == "index" and s.backend == "extractive"


def test_environment_overrides(tmp_path):
    s = Settings.from_env({"ASSISTANT_INDEX_DIR": str(tmp_path), "ASSISTANT_CHUNK_MAX_CHARS": "700"})
    assert s.index_dir == Path(tmp_path).resolve() and s.chunk_max_chars == 700


@pytest.mark.parametrize(
    "env",
    [
        {"ASSISTANT_CHUNK_MAX_CHARS": "abc"}, {"ASSISTANT_CHUNK_MAX_CHARS": "50"}, {"ASSISTANT_MAX_FILE_MB": "0"},
        {"ASSISTANT_CORPUS_DIR": "~nosuchuser/x"}, {"ASSISTANT_SEARCH_MODE": "magic"}, {"ASSISTANT_SEARCH_K": "0"},
    ],
)
def test_invalid_values_are_rejected_with_the_variable_name(env):
    with pytest.raises(ConfigError, match="ASSISTANT_"):
        Settings.from_env(env)
