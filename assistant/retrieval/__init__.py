"""Search over an index build: lexical, dense, hybrid (fusion) and rerank modes, and the
same search as a LangChain retriever.

May import: errors, config, model, resources, text, ingest, index.
"""
