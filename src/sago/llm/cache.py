"""The replay cache port: a request answered before is answered again from the store.

The key is a digest of everything that decides an answer: the model, the instructions
(which name the prompt version), the request text (message ids and their text), the
output schema and the sampling settings. A re-run of the same input, after `sago flush`
too, then costs no model call and gives the same events, deterministic model or not.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class ReplayCache(ABC):
    """Answers by request digest. Adapters: `cache_sqlite` (under SAGO_DATA_DIR)."""

    @abstractmethod
    def get(self, key: str) -> bytes | None:
        """The stored answer, or None."""

    @abstractmethod
    def put(self, key: str, answer: bytes) -> None:
        """Store an answer (the last one for a key wins)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store."""
