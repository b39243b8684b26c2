"""Grounded explanatory materials (đề cương, hỏi–đáp, tin bài, talking points): choosing the
sentences to quote, composing the kind asked for, generative drafting, export to .docx/.md.

May import: errors, config, model, resources, text, ingest, index, retrieval, verify, answer,
analytics.
"""
