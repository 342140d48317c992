"""The email composer port."""

from __future__ import annotations

from abc import ABC, abstractmethod

from sago.domain.email import InvestorEmail
from sago.domain.run import Usage
from sago.domain.update import UpdateDraft, UpdateFacts


class EmailComposer(ABC):
    """Writes the investor update only from the facts given: no invented facts or numbers.

    `draft` writes the prose (each line naming what it cites); `compose` renders it in
    the shared shape (summary, highlights, lowlights, KPIs, sections, asks, thanks,
    footnotes), so every composer's update reads the same way.
    """

    name: str = "composer"
    # LLM traffic of every compose() so far; a composer without a model spends none.
    usage: Usage = Usage()

    @abstractmethod
    def draft(self, facts: UpdateFacts) -> UpdateDraft:
        """The update's sentences and bullets."""

    def compose(self, facts: UpdateFacts) -> InvestorEmail:
        from sago.email.markdown import render

        written = self.draft(facts)
        return render(facts, written, written.composer or self.name)
