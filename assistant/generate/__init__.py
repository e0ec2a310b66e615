"""The optional generative engine (ASSISTANT_LLM): a LangChain chat model writes from verified sources."""
