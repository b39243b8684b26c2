"""Regression question sets: loading and validating them, per-question metrics, the run,
report.json/report.md with a baseline comparison, and the optional LLM judge.

May import every stage below the facade (it runs answers through `Assistant`).
"""
