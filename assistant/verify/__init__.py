"""The claim checker: every figure, date, document number and name stated in an answer or a
draft must be in what it cites, and come from a passage about the statement and its horizon.

    claims.py   what a text claims, matching against evidence, the one year rule
    answers.py  answers and generated answer sentences
    drafts.py   drafts, block by block

May import: errors, config, model, resources, text.
"""
