"""Versioned LLM prompts (`<version>.md`), loaded with importlib.resources."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_prompt(version: str) -> str:
    """The system instructions shipped as package data (`sago/llm/prompts/<version>.md`)."""
    return resources.files(__name__).joinpath(f"{version}.md").read_text("utf-8")
