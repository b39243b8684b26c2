"""Vietnamese text: normalisation and comparison keys, line/sentence/clause spans, the date
grammar (deadlines, recurrences), names of bodies. Pure functions over strings.

May import: errors, config, model, resources. Imports no third-party package.
"""
