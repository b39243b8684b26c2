"""The claim checker: every figure, date, document number and name stated in an answer or a
draft must be in what it cites, and come from a passage about the statement and its horizon.

May import: errors, config, model, resources, text.
"""
