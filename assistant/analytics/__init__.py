"""Plan analytics read deterministically from the section tree: the anatomy of a document
(which part holds goals, tasks, assignments), quantitative targets, the timeline of dated and
recurring tasks, and the responsibility matrix.

May import: errors, config, model, resources, text, ingest.
"""
