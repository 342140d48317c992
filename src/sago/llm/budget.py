"""The per-run token budget (SAGO_LLM_TOKEN_BUDGET), shared by extraction and the email."""

from __future__ import annotations

import threading

from sago.errors import RunStoppedError


class BudgetExceededError(RunStoppedError):
    """The per-run token budget would be exceeded by the next call: the run stops."""


class TokenBudget:
    """Tokens spent by a run, with room reserved for calls in flight. Thread-safe."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.spent = 0
        self._reserved = 0
        self._lock = threading.Lock()

    def reserve(self, estimate: int) -> None:
        with self._lock:
            if self.limit is not None and self.spent + self._reserved + estimate > self.limit:
                raise BudgetExceededError(
                    f"SAGO_LLM_TOKEN_BUDGET={self.limit:,} is exhausted: {self.spent:,} tokens "
                    f"spent and the next request needs about {estimate:,}; the run stops here "
                    "and nothing is dead-lettered: raise or unset SAGO_LLM_TOKEN_BUDGET, run again"
                )
            self._reserved += estimate

    def settle(self, estimate: int, used: int) -> None:
        with self._lock:
            self._reserved -= estimate
            self.spent += used
