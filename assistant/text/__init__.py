"""Vietnamese text: normalisation and comparison keys (normalize), tokens and abbreviations
(tokens), the one splitter into line/sentence/clause spans (spans) and the answer units with
their statistics (units), the figure grammar (figures), the date grammar (dates), names of
bodies (bodies). Pure functions over strings and chunks.

May import: errors, config, model, resources. Imports no third-party package.
"""
