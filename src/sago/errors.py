"""Errors a user can cause or fix, each with a message that says what to do."""

from __future__ import annotations


class ServiceUnavailableError(ConnectionError):
    """A configured server cannot be reached. The message names the service and the setting.

    Example: "cannot reach PostgreSQL (127.0.0.1:5432: connection refused);
    check SAGO_POSTGRES_DSN"
    """

    def __init__(self, service: str, setting: str, detail: str) -> None:
        # Drivers' messages span lines (libpq adds a hint line): the error is one line.
        detail = " ".join(detail.split())
        super().__init__(f"cannot reach {service} ({detail}); check {setting}")
        self.service = service
        self.setting = setting


def missing_extra(package: str, extra: str) -> ImportError:
    """The ImportError an adapter raises when its optional driver is not installed."""
    return ImportError(f"{package} is not installed: pip install 'sago[{extra}]'")


class SetupError(RuntimeError):
    """Something the configuration names is not there (a model file, a download), with
    the command that fixes it."""


class RunStoppedError(RuntimeError):
    """The run cannot go on and must stop now, leaving its work as it is (nothing
    dead-lettered): the next run picks it up. The message names the setting to change."""
