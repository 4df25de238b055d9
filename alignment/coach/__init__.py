"""The coach: advice grounded in the business's own strategy and scores, with or without an LLM."""
