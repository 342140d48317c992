"""Read the files of a Slack export, whether a folder or a .zip, without extracting to disk.

The zip is hostile until proven otherwise: members whose names escape the archive are
refused, and the declared sizes are checked against a total and a compression-ratio cap
before anything is decompressed, then enforced while reading.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath
from typing import Any

from sago.sources.base import SourceError
from sago.sources.json_stream import unparseable

MAX_TOTAL_BYTES = 16 * 1024**3
MAX_MEMBER_BYTES = 512 * 1024**2
MAX_RATIO = 200
_RATIO_FLOOR = 1024**2  # tiny members compress absurdly well and harm nobody
METADATA = (
    "users.json",
    "org_users.json",
    "channels.json",
    "groups.json",
    "mpims.json",
    "dms.json",
)
_DRIVE = re.compile(r"^[A-Za-z]:")
# What zipfile raises on damaged archives besides BadZipFile: an unsupported "version" or
# compression method, undecodable names (UnicodeDecodeError is a ValueError), a corrupt
# deflate stream (zlib.error), a truncated one (EOFError), an impossible offset (OSError).
_UNREADABLE = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    NotImplementedError,
    EOFError,
    zlib.error,
)


class MemberError(Exception):
    """One file of the export cannot be used; the rest still can."""


class ExportTree(ABC):
    """The export's files by relative POSIX name, rooted where users/channels.json sit."""

    refused: list[tuple[str, str]]

    @abstractmethod
    def names(self) -> list[str]: ...

    @abstractmethod
    def read_bytes(self, name: str) -> bytes: ...

    def read_json(self, name: str) -> Any:
        try:
            return json.loads(self.read_bytes(name))
        except UnicodeDecodeError as exc:
            raise MemberError(f"is not valid UTF-8 (byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise MemberError(f"invalid JSON: {exc.msg} at line {exc.lineno}") from None
        except (RecursionError, ValueError) as exc:
            raise MemberError(unparseable(exc)) from None

    @abstractmethod
    def close(self) -> None:
        """Release the archive handle, if any."""


class FolderTree(ExportTree):
    """An unzipped export; a wrapping folder holding the export is looked through."""

    def __init__(self, path: Path) -> None:
        self.refused = []
        self.root = path
        if not any((path / name).is_file() for name in METADATA):
            inner = [p for p in path.iterdir() if p.is_dir() and (p / "channels.json").is_file()]
            if len(inner) == 1:
                self.root = inner[0]

    def names(self) -> list[str]:
        found = [p.name for p in self.root.iterdir() if p.is_file()]
        for folder in self.root.iterdir():
            if folder.is_dir() and not folder.is_symlink():
                found.extend(f"{folder.name}/{p.name}" for p in folder.iterdir() if p.is_file())
        return sorted(found)

    def read_bytes(self, name: str) -> bytes:
        path = self.root / name
        # An unpacked hostile archive can hold links to any file of the machine: refused,
        # as a zip's escaping names are (linked folders are already not walked).
        if path.is_symlink():
            raise MemberError("is a symbolic link; refused")
        try:
            size = path.stat().st_size
            if size > MAX_MEMBER_BYTES:
                raise MemberError(f"is {size:,} bytes, over {MAX_MEMBER_BYTES:,}")
            return path.read_bytes()
        except OSError as exc:
            raise MemberError(f"cannot be read ({exc.strerror or exc})") from None

    def close(self) -> None:
        pass


def unsafe_name(name: str) -> bool:
    """True for member names that would land outside an extraction folder."""
    posix = name.replace("\\", "/")
    return posix.startswith("/") or bool(_DRIVE.match(posix)) or ".." in posix.split("/")


class ZipTree(ExportTree):
    """A zipped export, read member by member straight from the archive."""

    def __init__(
        self,
        path: Path,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_ratio: int = MAX_RATIO,
        max_member_bytes: int = MAX_MEMBER_BYTES,
    ) -> None:
        self.refused = []
        self.max_member_bytes = max_member_bytes
        try:
            self._zip = zipfile.ZipFile(path)
        except _UNREADABLE as exc:
            raise SourceError(f"{path}: not a readable zip archive ({exc})") from exc
        # An empty name (possible in a crafted archive) would even break is_dir().
        infos = [i for i in self._zip.infolist() if i.filename and not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if total > max_total_bytes:
            self._zip.close()
            raise SourceError(
                f"{path}: would expand to {total:,} bytes, over the {max_total_bytes:,} limit"
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FLOOR and ratio > max_ratio:
                self._zip.close()
                raise SourceError(
                    f"{path}: member {info.filename!r} expands {ratio:,.0f}x "
                    f"(limit {max_ratio}x); refusing what looks like a zip bomb"
                )
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if unsafe_name(info.filename):
                self.refused.append((info.filename, "path escapes the archive; refused"))
            else:
                self._members[info.filename.replace("\\", "/")] = info
        self._prefix = self._root_prefix()

    def _root_prefix(self) -> str:
        tops = [n for n in self._members if PurePosixPath(n).name in METADATA]
        if not tops:
            return ""
        shallowest = min(tops, key=lambda n: n.count("/"))
        return shallowest.rpartition("/")[0] + "/" if "/" in shallowest else ""

    def names(self) -> list[str]:
        cut = len(self._prefix)
        return sorted(n[cut:] for n in self._members if n.startswith(self._prefix))

    def read_bytes(self, name: str) -> bytes:
        info = self._members[self._prefix + name]
        if info.flag_bits & 0x1:
            raise MemberError("is encrypted")
        if info.file_size > self.max_member_bytes:
            raise MemberError(f"is {info.file_size:,} bytes, over {self.max_member_bytes:,}")
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except _UNREADABLE as exc:
            raise MemberError(f"cannot be decompressed ({exc})") from None
        if len(data) > info.file_size:
            raise MemberError("holds more data than its header declares")
        return data

    def close(self) -> None:
        self._zip.close()


def open_tree(path: Path) -> ExportTree:
    """The export at `path`: a folder or a .zip."""
    if path.is_dir():
        return FolderTree(path)
    return ZipTree(path)
