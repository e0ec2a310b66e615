"""The answer pipeline: question/ -> retrieval/ -> answer/ (-> generate/), strung together by core.Assistant."""
