"""Optional LLM-judged faithfulness and relevance for evaluations (`assistant eval --judge`).

Off by default and labelled in the report: a judge model's scores are opinions, unlike the
deterministic metrics. Uses the OpenAI-compatible endpoint of the settings, asking it for the
JSON schema of `JudgeScores` (structured output: llama.cpp server, vLLM, Ollama and OpenAI
honour it). A reply that is not exactly such an object is unreadable and scores None: a
guessed 0.0 would pull the averages down for what is a formatting failure, not a bad answer.
"""

from __future__ import annotations

import logging

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda
from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.llm import make_chat_model
from assistant.config import Settings
from assistant.model import Answer
from assistant.resources import load_prompt

log = logging.getLogger(__name__)


class JudgeScores(BaseModel):
    """The judge's verdict on one answer; also the schema the model is asked to follow."""

    model_config = ConfigDict(extra="forbid")

    faithfulness: float = Field(ge=0, le=1, description="1 = everything in the answer is in the quotes, 0 = invented")
    relevance: float = Field(ge=0, le=1, description="1 = answers exactly what was asked, 0 = off topic")


def make_judge(settings: Settings):
    """judge(question, answer) -> {"faithfulness": x, "relevance": y}, or None when the reply is unreadable."""
    prompt = ChatPromptTemplate.from_messages([
        ("system", load_prompt(settings.prompts_dir, "judge.system.md")),
        ("human", load_prompt(settings.prompts_dir, "judge.user.md")),
    ])
    model = make_chat_model(settings, "openai")
    try:
        scorer = prompt | model.with_structured_output(JudgeScores)
    except NotImplementedError:  # a chat model without structured output: the same schema, checked here
        scorer = prompt | model | StrOutputParser() | RunnableLambda(_strict)

    def judge(question: str, answer: Answer) -> dict | None:
        quotes = "\n".join(f"- ({c.section_id}) {c.quote}" for c in answer.citations) or "(không có)"
        try:
            scores = scorer.invoke({"question": question, "answer": answer.text, "quotes": quotes})
        except ValueError as exc:  # not JSON, or not the schema (pydantic's ValidationError is a ValueError)
            log.warning("judge reply unreadable, not scored: %s", str(exc).strip().splitlines()[0][:300])
            return None
        except Exception as exc:  # the endpoint is down or timed out: this answer is not judged, the run goes on
            log.warning("judge unavailable, not scored: %s", type(exc).__name__)
            return None
        return scores.model_dump() if scores is not None else None

    return judge



def _strict(raw: str) -> JudgeScores:
    return JudgeScores.model_validate_json(raw.strip())
