"""Versioned LLM prompts, loaded with importlib.resources."""
