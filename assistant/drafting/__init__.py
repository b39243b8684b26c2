"""Grounded explanatory materials (đề cương, hỏi–đáp, tin bài, talking points):

    passages.py    what a document offers to quote: sentences and table rows, read through its kind profile
    scope.py       which documents a topic is about (named, found by retrieval, or meant)
    quotes.py      choosing the passages to quote for a topic
    notes.py       quoting them: footnotes and how a quote continues a sentence
    outline.py     composing the kind asked for from those quotes (the extractive draft)
    hoidap.py      the hỏi–đáp's questions
    generative.py  a language model's rewrite of it, read back into blocks and verified
    pipeline.py    the request end to end: check, scope, select, compose, verify, rewrite
    export.py      .docx and .md files

The draft dataclasses (Draft, Block, Footnote) are in model.py and their checks in
verify/drafts.py, so that verification never imports drafting.

May import: errors, config, model, resources, text, ingest, index, retrieval, verify, answer,
analytics.
"""
