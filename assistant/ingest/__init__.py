"""From files to chunks: loaders (.txt/.md/.pdf/.docx), the manifest, section structure,
section-aware chunking, the corpus pipeline and the library that adds and removes documents.

May import: errors, config, model, resources, text. Never the index, retrieval or answer stages;
`assistant.ingest.structure` and `chunking` load no third-party package at all.
"""
