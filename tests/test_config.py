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


def test_settings_without_from_env_ignore_the_environment(monkeypatch):
    """Tests and library callers get the documented defaults whatever the shell exports."""
    monkeypatch.setenv("ASSISTANT_SEARCH_K", "9")
    assert Settings().search_k == 5
    assert Settings.from_env().search_k == 9
    assert Settings.from_env({"ASSISTANT_SEARCH_K": "9"}, search_k=3).search_k == 3  # explicit beats the environment


def test_empty_variables_count_as_unset():
    assert Settings.from_env({"ASSISTANT_BACKEND": "", "ASSISTANT_SEARCH_K": ""}) == Settings()


def test_strings_from_the_environment_become_typed_values(tmp_path):
    s = Settings.from_env({"ASSISTANT_LOG_QUESTIONS": "yes", "ASSISTANT_LLM_TIMEOUT_S": "12.5",
                           "ASSISTANT_DATA_DIR": str(tmp_path / "a" / ".." / "data")})
    assert s.log_questions is True and s.llm_timeout_s == 12.5 and s.data_dir == (tmp_path / "data").resolve()
    with pytest.raises(ConfigError, match="ASSISTANT_LOG_QUESTIONS='maybe' is not valid"):
        Settings.from_env({"ASSISTANT_LOG_QUESTIONS": "maybe"})  # a typo is reported, not read as "off"


def test_settings_are_frozen_and_with_checks_the_copy(tmp_path):
    s = Settings(index_dir=tmp_path / "index")
    with pytest.raises(Exception, match="frozen"):
        s.search_k = 7
    changed = s.with_(search_k=7)
    assert (changed.search_k, s.search_k, changed.index_dir) == (7, 5, (tmp_path / "index").resolve())
    with pytest.raises(ConfigError, match="ASSISTANT_SEARCH_K must be between 1 and 100"):
        s.with_(search_k=0)
    with pytest.raises(ConfigError, match="ASSISTANT_COLOUR: there is no setting 'colour'"):
        s.with_(colour="red")


def test_login_helpers():
    s = Settings(users="an:mk1,binh:mk2", admins="an")
    assert s.logins == [("an", "mk1"), ("binh", "mk2")] and s.is_admin("an") and not s.is_admin("binh")
    assert Settings().is_admin(None)  # no login: whoever is on the machine administers it
    with pytest.raises(ConfigError, match="ASSISTANT_USERS must look like"):
        Settings.from_env({"ASSISTANT_USERS": "an"})
