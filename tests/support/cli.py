"""Run the `sago` console script as a user would, with a clean SAGO_* environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SAGO = Path(sys.executable).with_name("sago")


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment minus any SAGO_* the shell exported (CI exports server addresses)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGO_")}
    env.update({"SAGO_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "200"})
    env.update(extra)
    return env


def sago(
    *args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SAGO), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
