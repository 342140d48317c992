"""The Java servers' classpaths, assembled by Maven from `scripts/servers-pom.xml` into
`~/.cache/sago/jars/<profile>` (or `$SAGO_JAR_CACHE`), and the Java 17 that runs them."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from servers.common import REPO, ServiceError, log_tail

POM = REPO / "scripts" / "servers-pom.xml"
MVN_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
CACHE_MARKER = ".sago-complete.json"
_MVN_LOCK = threading.Lock()


def jar_cache() -> Path:
    if os.environ.get("SAGO_JAR_CACHE"):
        return Path(os.environ["SAGO_JAR_CACHE"])
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "sago" / "jars"


def pom_digest(profile: str) -> str:
    """Changing the POM (a version bump) invalidates every cached profile."""
    return hashlib.sha256(POM.read_bytes() + profile.encode()).hexdigest()


def cache_complete(folder: Path, profile: str) -> bool:
    """True if the folder's marker matches this POM and every jar it lists is there."""
    marker = folder / CACHE_MARKER
    try:
        meta = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    return meta.get("pom") == pom_digest(profile) and all(
        (folder / name).is_file() for name in meta.get("files", ["-"])
    )


def _copy_dependencies(cmd: list[str], folder: Path, profile: str, log: Path) -> bool:
    """Copy into a temp folder, write the marker, then swap it in: never half a cache."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{profile}-", dir=folder.parent))
    with log.open("ab") as out:
        rc = subprocess.run(
            [*cmd, f"-DoutputDirectory={tmp}"], stdout=out, stderr=subprocess.STDOUT, check=False
        ).returncode
    files = sorted(p.name for p in tmp.glob("*.jar"))
    if rc != 0 or not files:
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    meta = {"pom": pom_digest(profile), "files": files, "at": time.time()}
    (tmp / CACHE_MARKER).write_text(json.dumps(meta, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    return True


def ensure_jars(profile: str, log: Path) -> Path:
    """The cache folder holding the profile's runtime classpath, downloading it if needed."""
    folder = jar_cache() / profile
    if cache_complete(folder, profile):
        return folder
    if not shutil.which("mvn"):
        raise ServiceError("mvn not found: install Maven (apt-get install -y maven)")
    folder.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        "mvn", "-B", "-q", "-f", str(POM), "-P", profile,
        f"{MVN_DEPENDENCY_PLUGIN}:copy-dependencies", "-DincludeScope=runtime",
    ]  # fmt: skip
    if _copy_dependencies(cmd, folder, profile, log):
        return folder
    # Two Maven runs sharing ~/.m2 can trip over each other: retry once, alone.
    with _MVN_LOCK:
        if _copy_dependencies(cmd, folder, profile, log):
            return folder
    raise ServiceError(f"mvn copy-dependencies for {profile} failed:\n{log_tail(log)}")


def _java_major(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', out.stderr + out.stdout)
    return int(match.group(1)) if match else 0


@functools.cache
def find_java() -> str:
    """A Java 17 (Kafka 4 needs >= 17, Cassandra 5.0 runs on 11 or 17)."""
    if os.environ.get("SAGO_JAVA"):
        return os.environ["SAGO_JAVA"]
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(str(shutil.which("java")))
    candidates += [str(p) for p in sorted(Path("/usr/lib/jvm").glob("*17*/bin/java"))]
    for java in candidates:
        if Path(java).exists() and _java_major(java) == 17:
            return java
    raise ServiceError("no Java 17 found: apt-get install -y openjdk-17-jre-headless")


def extra_java_opts(name: str) -> list[str]:
    """SAGO_KAFKA_JAVA_OPTS / SAGO_CASSANDRA_JAVA_OPTS: appended, so they win over ours."""
    return shlex.split(os.environ.get(f"SAGO_{name.upper()}_JAVA_OPTS", ""))
