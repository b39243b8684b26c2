"""Grounded explanatory materials (đề cương, hỏi–đáp, tin bài, talking points):

    quotes.py      choosing the sentences to quote, and quoting them with footnotes
    outline.py     composing the kind asked for from those quotes (the extractive draft)
    generative.py  a language model's rewrite of it, read back into blocks and verified
    pipeline.py    the request end to end: check, select, compose, verify, rewrite
    export.py      .docx and .md files

The draft dataclasses (Draft, Block, Footnote) are in model.py and their checks in
verify/drafts.py, so that verification never imports drafting.

May import: errors, config, model, resources, text, ingest, index, retrieval, verify, answer,
analytics.
"""
