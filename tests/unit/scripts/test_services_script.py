"""scripts/services.py without servers: configs it renders, ports, state and env output,
the jar cache marker, bind-race retries, and stopping a process group."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))

from servers import cassandra, cli, common, jars, kafka, process, redis
from servers.common import HOST, BindRaceError, Service, ServiceError


def test_kafka_properties_name_the_ports_and_data_dir(tmp_path: Path) -> None:
    text = kafka.render_properties(host=HOST, port=19092, controller=19093, data=tmp_path)
    props = dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert props["listeners"] == f"PLAINTEXT://{HOST}:19092,CONTROLLER://{HOST}:19093"
    assert props["advertised.listeners"] == f"PLAINTEXT://{HOST}:19092"
    assert props["controller.quorum.voters"] == f"1@{HOST}:19093"
    assert props["log.dirs"] == f"{tmp_path}/kafka-logs"
    assert props["offsets.topic.replication.factor"] == "1"
    assert "{" not in text


def test_kafka_cluster_ids_never_start_with_a_dash() -> None:
    ids = {kafka.cluster_id() for _ in range(200)}
    assert len(ids) == 200
    assert not any(cid.startswith("-") for cid in ids)
    assert all(len(cid) == 22 for cid in ids)


def test_cassandra_yaml_is_a_lone_small_node(tmp_path: Path) -> None:
    conf = yaml.safe_load(
        cassandra.render_yaml(host=HOST, port=19042, storage=17000, data=tmp_path)
    )
    assert conf["native_transport_port"] == 19042
    assert conf["storage_port"] == 17000
    assert conf["seed_provider"][0]["parameters"][0]["seeds"] == f"{HOST}:17000"
    assert conf["data_file_directories"] == [f"{tmp_path}/data"]
    assert conf["concurrent_compactors"] == conf["memtable_flush_writers"] == 1


def test_cassandra_command_keeps_the_fast_start_flags(tmp_path: Path) -> None:
    cmd = cassandra.server_command(
        "java", tmp_path, tmp_path / "jamm.jar", tmp_path / "conf", tmp_path, as_root=False
    )
    assert cmd[0] == "java"
    assert cmd[-1] == "org.apache.cassandra.service.CassandraDaemon"
    for flag in ("-Dcassandra.ring_delay_ms=0", "-Dcassandra.unsafesystem=true", "-Xmx1g"):
        assert flag in cmd
    as_root = cassandra.server_command(
        "java", tmp_path, tmp_path / "jamm.jar", tmp_path / "conf", tmp_path, as_root=True
    )
    if shutil.which("setpriv"):  # root without CAP_IPC_LOCK: mlockall cannot pin the heap
        assert as_root[1:3] == ["--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock"]
        assert as_root[3:] == cmd
    else:
        assert as_root == cmd


def test_redis_runs_in_the_foreground_without_persistence(tmp_path: Path) -> None:
    cmd = redis.server_command("redis-server", 16379, tmp_path)
    args = dict(zip(cmd[1::2], cmd[2::2], strict=True))
    assert args["--daemonize"] == "no"
    assert args["--port"] == "16379"
    assert args["--bind"] == HOST
    assert args["--save"] == ""


def test_free_ports_are_distinct_and_bindable() -> None:
    ports = common.free_ports(6)
    assert len(set(ports)) == 6
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, port))


@pytest.mark.parametrize(
    ("name", "value", "addr"),
    [
        ("redis", "redis://10.0.0.5:7000/0", ("10.0.0.5", 7000)),
        ("redis", "redis://cache/0", ("cache", 6379)),
        ("postgres", "postgresql://u@db:6000/x", ("db", 6000)),
        ("cassandra", "n1:9043,n2:9044", ("n1", 9043)),
        ("cassandra", "[::1]:9050", ("::1", 9050)),
        ("kafka", "broker", ("broker", 9092)),
        ("kafka", "broker:notaport", None),
    ],
)
def test_external_addresses(name: str, value: str, addr: tuple[str, int] | None) -> None:
    assert common.external_addr(name, value) == addr


def test_state_round_trip_writes_services_env_and_env_prints_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAGO_SERVICES_DIR", str(tmp_path))
    dsn = "postgresql://postgres@127.0.0.1:5999/sago_test?options=-c x=1&a=b"
    services = {
        "redis": Service("redis", "redis://127.0.0.1:6001/0", port=6001, pid=42),
        "postgres": Service("postgres", dsn, port=5999, ports={"postgres": 5999}),
    }
    common.save(tmp_path, services)
    assert common.load(tmp_path) == services
    assert (tmp_path / "services.env").read_text() == (
        f"SAGO_POSTGRES_DSN={dsn}\nSAGO_REDIS_URL=redis://127.0.0.1:6001/0\n"
    )
    assert cli.main(["env"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [shlex.split(line) for line in lines] == [
        ["export", f"SAGO_POSTGRES_DSN={dsn}"],
        ["export", "SAGO_REDIS_URL=redis://127.0.0.1:6001/0"],
    ]


def test_unknown_service_names_fail_with_the_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAGO_SERVICES_DIR", str(tmp_path))
    assert cli.main(["down", "mysql"]) == 1
    assert "choose from kafka, redis, postgres, cassandra" in capsys.readouterr().err


def test_missing_client_library_is_one_line_naming_the_venv(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(common.CLIENTS, "redis", ("no_such_client_lib", "no-such-client"))
    assert common.missing_clients(["redis", "postgres"]) == ["no-such-client"]
    with pytest.raises(ServiceError) as err:
        common.require_clients(["redis"])
    message = str(err.value)
    assert "\n" not in message
    assert "no-such-client" in message
    assert ".venv/bin/python" in message


def test_jar_cache_marker_must_match_the_pom_and_list_every_jar(tmp_path: Path) -> None:
    folder = tmp_path / "kafka"
    folder.mkdir()
    (folder / "a.jar").write_bytes(b"x")
    marker = folder / jars.CACHE_MARKER
    assert not jars.cache_complete(folder, "kafka")
    marker.write_text(json.dumps({"pom": jars.pom_digest("kafka"), "files": ["a.jar"]}))
    assert jars.cache_complete(folder, "kafka")
    assert not jars.cache_complete(folder, "cassandra")  # the digest includes the profile
    (folder / "a.jar").unlink()
    assert not jars.cache_complete(folder, "kafka")


def test_bind_races_are_retried_then_reported() -> None:
    calls: list[int] = []

    def flaky() -> Service:
        calls.append(1)
        if len(calls) < 3:
            raise BindRaceError("taken")
        return Service("redis", "redis://x")

    assert process.with_bind_retries(flaky).value == "redis://x"
    assert len(calls) == 3

    def always() -> Service:
        raise BindRaceError("taken")

    with pytest.raises(BindRaceError):
        process.with_bind_retries(always)


def test_a_server_that_lost_its_port_raises_a_bind_race(tmp_path: Path) -> None:
    svc = Service("redis", "redis://x", log=str(tmp_path / "redis.log"))
    proc = process.launch(
        svc, ["sh", "-c", "echo 'bind: Address already in use'; exit 1"], cwd=tmp_path
    )
    with pytest.raises(BindRaceError, match="exited with code 1"):
        process.wait_ready(
            svc, proc=proc, ready_line="Ready", probe=lambda: "?", timeout=30,
            started=time.monotonic(),
        )  # fmt: skip


def _fake_redis(tmp_path: Path, script: str) -> Service:
    """A process group whose leader's command line says redis-server, as `stop` checks."""
    svc = Service("redis", "redis://x", log=str(tmp_path / "fake.log"))
    process.launch(svc, ["bash", "-c", f"{script}; exec -a redis-server sleep 60"], cwd=tmp_path)
    cmdline = Path(f"/proc/{svc.pid}/cmdline")
    deadline = time.monotonic() + 10
    while not cmdline.read_bytes().startswith(b"redis-server\0") and time.monotonic() < deadline:
        time.sleep(0.02)  # until bash has run `script` and exec'd
    assert process.is_ours(svc)
    return svc


def test_stop_terminates_the_group_and_kills_what_ignores_sigterm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    polite = _fake_redis(tmp_path, "true")
    process.stop([polite])
    assert not process.group_alive(polite.pgid)
    assert "SIGKILL" not in capsys.readouterr().err

    monkeypatch.setattr(process, "STOP_GRACE_S", 0.5)
    stubborn = _fake_redis(tmp_path, "trap '' TERM")
    process.stop([stubborn])
    assert not process.group_alive(stubborn.pgid)
    err = capsys.readouterr().err
    assert "redis: still running after" in err
    assert "SIGKILL" in err
    with pytest.raises(ProcessLookupError):
        os.kill(stubborn.pid, 0)  # killed and reaped
