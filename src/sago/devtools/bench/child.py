"""One phase in a fresh interpreter: a PhaseSpec as JSON on stdin, the PhaseResult on stdout.

A process per phase because ru_maxrss is a lifetime high-water mark: in a shared process
every phase would report the largest peak of those before it.
"""

from __future__ import annotations

import json
import sys

from sago.devtools.bench.model import PhaseSpec
from sago.devtools.bench.phases import run_phase
from sago.sources.base import SourceError


def main() -> int:
    spec = PhaseSpec.model_validate_json(sys.stdin.read())
    try:
        result = run_phase(spec, isolated=True)
    except (ConnectionError, ImportError, SourceError, ValueError) as exc:
        # Errors a user can fix (a server down, an extra missing): one line for the parent.
        sys.stdout.write("\n" + json.dumps({"error": str(exc)}) + "\n")
        return 2
    sys.stdout.write("\n" + result.model_dump_json() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
