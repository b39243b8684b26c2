"""The search index: embeddings (offline e5 and a content-hash cache), Chroma (dense), BM25
(lexical), and the store that builds them atomically under index/.

May import: errors, config, model, resources, text, ingest.
"""
