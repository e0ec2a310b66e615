"""Finding the passages: the published index build, hybrid (dense + lexical) retrieval, navigation pages, the query cache."""
