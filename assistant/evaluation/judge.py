"""Optional LLM-judged faithfulness and relevance for evaluations (`assistant eval --judge`).

Off by default and labelled in the report: a judge model's scores are opinions, unlike the
deterministic metrics. Uses the OpenAI-compatible endpoint of the settings.
"""

from __future__ import annotations

import json
import re

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from assistant.answer.llm import make_chat_model
from assistant.config import Settings
from assistant.model import Answer
from assistant.resources import load_prompt


def make_judge(settings: Settings):
    prompt = ChatPromptTemplate.from_messages([
        ("system", load_prompt(settings.prompts_dir, "judge.system.md")),
        ("human", load_prompt(settings.prompts_dir, "judge.user.md")),
    ])
    chain = prompt | make_chat_model(settings, "openai") | StrOutputParser()

    def judge(question: str, answer: Answer) -> dict:
        quotes = "\n".join(f"- ({c.section_id}) {c.quote}" for c in answer.citations) or "(không có)"
        raw = chain.invoke({"question": question, "answer": answer.text, "quotes": quotes})
        return parse_scores(raw)

    return judge


def parse_scores(raw: str) -> dict:
    """The first JSON object of the reply, scores clamped to 0..1; unreadable replies score None."""
    match = re.search(r"\{.*?\}", raw, re.DOTALL)
    try:
        data = json.loads(match.group(0)) if match else {}
        return {k: min(1.0, max(0.0, float(data[k]))) for k in ("faithfulness", "relevance")}
    except (ValueError, KeyError, TypeError):
        return {"faithfulness": 0.0, "relevance": 0.0, "unreadable": raw[:200]}
