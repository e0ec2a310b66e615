"""Answering from the passages: the lead that answers, definitions, the goal lists, citations, the reply; what the documents cover in scope/."""
