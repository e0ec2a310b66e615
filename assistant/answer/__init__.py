"""Answering from the passages: the sentences that answer, definitions, the goal lists, refusals, citations, the reply."""
