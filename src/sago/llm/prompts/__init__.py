"""Versioned LLM prompts (`<version>.md`), loaded with importlib.resources."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_prompt(version: str) -> str:
    """The system instructions shipped as package data (`sago/llm/prompts/<version>.md`)."""
    return resources.files(__name__).joinpath(f"{version}.md").read_text("utf-8")


def extraction_prompt(version: str) -> str:
    """The extraction instructions with the lifecycle vocabulary filled in from the table
    (`sago.domain.lifecycle`): the prompt never lists a stage the store does not know."""
    from sago.domain.lifecycle import LIFECYCLES, OCCURRENCE_KINDS

    stages = "; ".join(f"{lc.kind} {', '.join(lc.all_stages)}" for lc in LIFECYCLES)
    kinds = ", ".join(OCCURRENCE_KINDS)
    return load_prompt(version).replace("{stages}", stages).replace("{kinds}", kinds)
