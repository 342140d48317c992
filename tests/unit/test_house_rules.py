"""The house rules of DESIGN.md, read from the import statements of src/sago and scripts/.

- `domain` is pure: it imports nothing of Sago's but `domain` (and `errors`);
- `pipeline` depends on `domain`, `errors`, itself and the ports (`<stage>.base`) only;
- only the wiring (`bootstrap`, `cli`, `web`) picks adapters: the core and the dev harness
  import no module of a port package other than its `base`;
- no import cycle between top-level packages;
- no module over 400 lines.

A breach that is known and not yet mended is listed in KNOWN with the reason it stands. A
KNOWN entry that no longer breaches fails too, so the list can only shrink honestly.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
MAX_LINES = 400
WIRING = frozenset({"bootstrap", "cli", "web"})
# Packages that must not choose an adapter (the harness obtains its adapters from bootstrap).
NO_ADAPTERS = frozenset({"domain", "pipeline", "devtools", "worker", "config", "errors"})
SHARED_ADAPTERS = ("sago.sqldb",)  # the SQL stores' connections: adapters without a port

# (rule, module, what it breaches) -> why it stands.
KNOWN: dict[tuple[str, str, str], str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((SRC / "sago").rglob("*.py"))}


def _absolute(name: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


@cache
def imports_of(name: str) -> frozenset[str]:
    """The sago modules one module imports (a `from pkg import module` names the module)."""
    path = modules()[name]
    return imports_in(ast.parse(path.read_text(encoding="utf-8")), name, path)


def imports_in(tree: ast.Module, name: str, path: Path) -> frozenset[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(name, path, node)
            found.add(target)
            found.update(
                f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules()
            )
    return frozenset(m for m in found if m == "sago" or m.startswith("sago."))


def package_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


@cache
def port_packages() -> tuple[str, ...]:
    """Packages holding a `base` module, outermost only (`sago.llm.providers` is one; the
    rules' `detectors/base` lies inside the extractors' adapter), plus the shared ones."""
    found = sorted(m.removesuffix(".base") for m in modules() if m.endswith(".base"))
    outer = [p for p in found if not any(p.startswith(f"{q}.") for q in found)]
    return (*outer, *SHARED_ADAPTERS)


def is_adapter(name: str) -> bool:
    """A module of a port package other than the port itself (`<stage>.base`); every
    module of a shared package (`sago.sqldb`) is one."""
    for port in port_packages():
        if name.startswith(f"{port}."):
            rest = name.removeprefix(f"{port}.").split(".")[0]
            return port in SHARED_ADAPTERS or rest != "base"
    return False


def breaches() -> Iterator[tuple[str, str, str]]:
    for name in modules():
        own = package_of(name)
        for target in sorted(imports_of(name)):
            other = package_of(target)
            if own == "domain" and other not in {"domain", "errors"}:
                yield ("domain is pure", name, target)
            ported = target.endswith(".base")
            if own == "pipeline" and other not in {"domain", "errors", "pipeline"} and not ported:
                yield ("pipeline on ports only", name, target)
            if own in NO_ADAPTERS and own not in WIRING and is_adapter(target):
                yield ("only the wiring picks adapters", name, target)
    for first, second in package_cycles():
        yield ("no package cycles", first, second)
    for path in [*modules().values(), *sorted((ROOT / "scripts").rglob("*.py"))]:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            yield ("no module over 400 lines", str(path.relative_to(ROOT)), f"{lines} lines")


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name in modules():
        for target in imports_of(name):
            if package_of(name) and package_of(target) and package_of(target) != package_of(name):
                graph[package_of(name)].add(package_of(target))
    return graph


def package_cycles() -> list[tuple[str, str]]:
    return cycles_in(package_graph())


def cycles_in(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Each import edge a -> b where b also reaches a: the edges that close a cycle."""

    def reaches(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    return sorted((a, b) for a in graph for b in graph[a] if a in reaches(b))


def test_the_reader_sees_the_whole_tree() -> None:
    # The rules below are only as good as the import reader: it must see the stages, the
    # ports and the adapters, or every check would pass on an empty graph.
    assert {"sago.pipeline.runner", "sago.domain.event", "sago.bootstrap"} <= modules().keys()
    ports = set(port_packages())
    assert {"sago.queue", "sago.rawstore", "sago.llm.providers", "sago.sqldb"} <= ports
    assert "sago.extractors.rules.detectors" not in ports  # inside the extractors' adapter
    harness = {"sago.devtools.bench.phases", "sago.devtools.chaos.stack"}
    assert harness | {"sago.devtools.llm_stub.server"} <= modules().keys()
    assert "sago.bootstrap.harness" in imports_of("sago.devtools.bench.phases")
    assert "sago.domain.event" in imports_of("sago.pipeline.runner") | {
        t for m in modules() if m.startswith("sago.pipeline.") for t in imports_of(m)
    }
    assert is_adapter("sago.queue.kafka")
    assert not is_adapter("sago.queue.base")
    assert any(is_adapter(t) for t in imports_of("sago.bootstrap"))


def test_a_cycle_and_a_relative_import_are_read_right() -> None:
    planted = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles_in(planted) == [("a", "b"), ("b", "c"), ("c", "a")]
    assert cycles_in({"a": {"b"}, "b": set()}) == []
    runner = SRC / "sago/pipeline/runner.py"
    assert _absolute("sago.pipeline.runner", runner, _relative(1)) == "sago.pipeline.x"
    assert _absolute("sago.pipeline", SRC / "sago/pipeline/__init__.py", _relative(2)) == "sago.x"


def test_a_planted_adapter_import_is_caught() -> None:
    planted = ast.parse(
        "from sago.queue.kafka import KafkaQueue\n"
        "from sago.rawstore import cassandra_session\n"
        "import sago.sqldb.sqlite\n"
        "from sago.queue.base import MessageQueue\n"
        "from sago.llm.framing import parse_messages\n"
    )
    path = SRC / "sago/devtools/planted.py"
    found = sorted(t for t in imports_in(planted, "sago.devtools.planted", path) if is_adapter(t))
    assert found == ["sago.queue.kafka", "sago.rawstore.cassandra_session", "sago.sqldb.sqlite"]


def _relative(level: int) -> ast.ImportFrom:
    return ast.ImportFrom(module="x", names=[ast.alias(name="y")], level=level)


def test_the_house_rules_hold() -> None:
    found = set(breaches())
    new = sorted(found - KNOWN.keys())
    mended = sorted(KNOWN.keys() - found)
    assert not new, "house rules broken:\n" + "\n".join(f"  {r}: {m} -> {t}" for r, m, t in new)
    assert not mended, "mended, remove from KNOWN: " + ", ".join(map(str, mended))
