"""python -m assistant.eval: question sets, metrics, the plain LangChain baseline, hurried-typing variants."""
