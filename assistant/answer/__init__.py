"""Answering a question: what it asks (question analysis), follow-up rewriting, the
extractive backend (over the answer units of text/units.py), generative backends, composition of the cited text, and the LCEL chain
that runs them.

May import: errors, config, model, resources, text, ingest, index, retrieval, verify.
"""
