"""A minimal LangChain chat model over llama-cpp-python's chat completion API.

langchain-community has one, but it would pull in the whole community package for a few
lines; this keeps the optional [llamacpp] extra small.
"""

from __future__ import annotations

from typing import Any, Iterator

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class LlamaCppChat(BaseChatModel):
    llama: Any

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _messages(self, messages: list[BaseMessage]) -> list[dict]:
        return [{"role": _ROLES.get(m.type, "user"), "content": m.content} for m in messages]

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        out = self.llama.create_chat_completion(messages=self._messages(messages), temperature=0, stop=stop)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=out["choices"][0]["message"]["content"]))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        for part in self.llama.create_chat_completion(messages=self._messages(messages), temperature=0, stop=stop, stream=True):
            text = part["choices"][0]["delta"].get("content") or ""
            if text:
                yield ChatGenerationChunk(message=AIMessageChunk(content=text))
