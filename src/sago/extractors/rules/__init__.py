"""The offline `rules` extractor: lexicons as data, a first-pass gate, detectors per family
of event types, one modality layer and fact frames (see engine.py)."""

from __future__ import annotations

from sago.extractors.rules.engine import RulesExtractor

__all__ = ["RulesExtractor"]
