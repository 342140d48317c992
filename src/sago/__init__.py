"""Sago: grounded business events from a company's Slack and email, and the investor update."""

__version__ = "0.1.0"
