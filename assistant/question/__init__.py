"""Reading the question: spelling as the library writes it, language, follow-ups, everyday words, what it asks for, greetings."""
