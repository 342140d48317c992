"""The dev harness obtains its adapters from `sago.bootstrap`, never by importing one.

Read from the source with `ast`, so no import runs: every module under src/sago/devtools
may import a port (`sago.<port>.base`) but no adapter (any other module of a port package,
such as `sago.queue.kafka` or `sago.rawstore.cassandra_session`). A port package is one
holding a `base.py` (`sago.llm.providers` included), plus `sago.sqldb`, the connections the
SQL stores share. test_house_rules checks the same rule tree-wide; this one is stricter
about what a port package is and says which harness module broke it.
"""

from __future__ import annotations

import ast
from pathlib import Path

SAGO = Path(__file__).resolve().parents[3] / "src" / "sago"
DEVTOOLS = SAGO / "devtools"
SHARED_ADAPTERS = ("sago.sqldb",)  # adapters without a port of their own


def _dotted(path: Path) -> str:
    parts = path.relative_to(SAGO.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def port_packages() -> tuple[str, ...]:
    """Packages holding a `base.py`, outermost only (a port's adapter may have its own)."""
    found = sorted(_dotted(base.parent / "__init__.py") for base in SAGO.rglob("base.py"))
    outer = [p for p in found if not any(p.startswith(f"{q}.") for q in found)]
    return (*outer, *SHARED_ADAPTERS)


def adapter_of(module: str, ports: tuple[str, ...]) -> str | None:
    """The port package whose adapter `module` is, or None if it is none's."""
    for port in ports:
        if module.startswith(f"{port}."):
            rest = module.removeprefix(f"{port}.").split(".")[0]
            return port if port in SHARED_ADAPTERS or rest != "base" else None
    return None


def imported(tree: ast.Module) -> list[str]:
    """Every module a tree imports; `from pkg import name` also counts as `pkg.name`, so
    `from sago.queue import kafka` is caught. The harness uses absolute imports only."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "the harness uses absolute imports"
            module = node.module or ""
            names += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return names


def devtools_modules() -> dict[str, ast.Module]:
    return {
        _dotted(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(DEVTOOLS.rglob("*.py"))
    }


def breaches(trees: dict[str, ast.Module]) -> list[str]:
    ports = port_packages()
    return [
        f"{module} imports {name}"
        for module, tree in trees.items()
        for name in imported(tree)
        if adapter_of(name, ports)
    ]


def test_the_reader_sees_the_harness_and_the_ports() -> None:
    trees = devtools_modules()
    assert {
        "sago.devtools.bench.phases",
        "sago.devtools.bench.kafka_raw",
        "sago.devtools.chaos.stack",
        "sago.devtools.llm_stub.server",
    } <= trees.keys()
    ports = port_packages()
    assert {"sago.queue", "sago.rawstore", "sago.llm.providers", "sago.sqldb"} <= set(ports)
    assert "sago.extractors.rules.detectors" not in ports  # inside the extractors' adapter
    assert "sago.bootstrap.harness" in imported(trees["sago.devtools.bench.phases"])


def test_a_planted_adapter_import_is_caught() -> None:
    planted = ast.parse(
        "from sago.queue.kafka import KafkaQueue\n"
        "from sago.rawstore import cassandra_session\n"
        "import sago.sqldb.sqlite\n"
        "from sago.queue.base import MessageQueue\n"
        "from sago.llm.framing import parse_messages\n"
    )
    assert breaches({"sago.devtools.planted": planted}) == [
        "sago.devtools.planted imports sago.queue.kafka",
        "sago.devtools.planted imports sago.queue.kafka.KafkaQueue",
        "sago.devtools.planted imports sago.rawstore.cassandra_session",
        "sago.devtools.planted imports sago.sqldb.sqlite",
    ]


def test_devtools_import_no_concrete_adapter() -> None:
    found = breaches(devtools_modules())
    assert not found, "get these from sago.bootstrap instead:\n  " + "\n  ".join(found)
