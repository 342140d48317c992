"""The six backend ports the pipeline drives, as one bundle.

The wiring connects them (`bootstrap.Components` is a `Ports` with the extractor and
composer beside it), wraps each once (`guarded.guard_ports`), and hands them to the
`Pipeline`, which is a `Ports` too. The extractor and the composer are not here: they
handle their own faults (a failed extraction is released and retried, a failed draft
falls back).
"""

from __future__ import annotations

from dataclasses import dataclass

from sago.batching.base import Batcher
from sago.emailstore.base import EmailStore
from sago.eventstore.base import EventStore
from sago.queue.base import MessageQueue
from sago.rawstore.base import RawStore
from sago.runlog.base import RunLog


@dataclass
class Ports:
    queue: MessageQueue
    rawstore: RawStore
    batcher: Batcher
    eventstore: EventStore
    emailstore: EmailStore
    runlog: RunLog
