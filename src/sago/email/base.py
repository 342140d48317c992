"""The email composer port."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from sago.domain.email import InvestorEmail
from sago.domain.event import SignificantEvent
from sago.domain.run import Usage


class EmailComposer(ABC):
    """Writes the investor update only from the events given: no invented facts or numbers."""

    name: str = "composer"
    # LLM traffic of every compose() so far; a composer without a model spends none.
    usage: Usage = Usage()

    @abstractmethod
    def compose(self, company_id: str, events: Sequence[SignificantEvent]) -> InvestorEmail:
        """Draft the email."""
