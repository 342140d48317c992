"""Where the shared material (dev set, real data) is: read in place, never copied in.

The checkout normally sits beside `shared/`; SAGO_SHARED_DIR points elsewhere, and a
clone made somewhere else (CI) still finds the machine's /work/shared.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    candidates = [
        Path(os.environ["SAGO_SHARED_DIR"]) if os.environ.get("SAGO_SHARED_DIR") else None,
        _REPO.parent / "shared",
        Path("/work/shared"),
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_dir():
            return candidate
    return _REPO.parent / "shared"


DEVSET = shared_dir() / "devset"
REALDATA = shared_dir() / "realdata"
