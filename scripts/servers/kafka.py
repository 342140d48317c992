"""Apache Kafka 4 in KRaft mode (one broker that is also its controller), from Maven jars."""

from __future__ import annotations

import base64
import logging
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

from servers.common import HOST, TIMEOUTS, Service, ServiceError, free_ports, fresh_dir, log_tail
from servers.jars import ensure_jars, extra_java_opts, find_java
from servers.process import discard, launch, wait_ready, with_bind_retries

PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@{host}:{controller}
listeners=PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller}
advertised.listeners=PLAINTEXT://{host}:{port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={data}/kafka-logs
num.partitions=1
num.network.threads=2
num.io.threads=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
# Fast group joins in tests: no initial rebalance delay, short sessions allowed.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
group.consumer.min.session.timeout.ms=1000
group.consumer.session.timeout.ms=10000
group.consumer.min.heartbeat.interval.ms=500
group.consumer.heartbeat.interval.ms=1000
log.cleaner.dedupe.buffer.size=2097152
"""

LOG4J2 = """\
appender.out.type=Console
appender.out.name=OUT
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.out.ref=OUT
"""

# librdkafka reports every refused connection while the broker boots; the probe's own
# exception already says why it is not ready, so its log lines go nowhere.
_CLIENT_LOG = logging.getLogger("servers.kafka.client")
_CLIENT_LOG.addHandler(logging.NullHandler())
_CLIENT_LOG.propagate = False


def render_properties(*, host: str, port: int, controller: int, data: Path) -> str:
    return PROPERTIES.format(host=host, port=port, controller=controller, data=data)


def cluster_id() -> str:
    while True:  # what StorageTool random-uuid prints: never starting with "-"
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cid.startswith("-"):
            return cid


def server_command(java: str, cp: str, data: Path, log4j: str, props: Path) -> list[str]:
    return [
        java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
        "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
        f"-Djava.io.tmpdir={data}", log4j, *extra_java_opts("kafka"),
        "-cp", cp, "kafka.Kafka", str(props),
    ]  # fmt: skip


def brokers(port: int, host: str = HOST, timeout: float = 5.0) -> list[tuple[str, int]]:
    """The brokers a Metadata request through confluent-kafka's AdminClient lists."""
    from confluent_kafka import KafkaException
    from confluent_kafka.admin import AdminClient

    config: dict[str, Any] = {
        "bootstrap.servers": f"{host}:{port}",
        "client.id": "sago-services",
        "socket.timeout.ms": int(timeout * 1000),
        "logger": _CLIENT_LOG,
    }
    admin = AdminClient(config)
    try:
        meta = admin.list_topics(timeout=timeout)
    except KafkaException as exc:
        raise ConnectionError(f"Kafka metadata request failed: {exc}") from exc
    return [(str(b.host), int(b.port)) for b in meta.brokers.values()]


def ping(port: int, host: str = HOST) -> None:
    listed = brokers(port, host)
    if not any(p == port for _, p in listed):
        raise ConnectionError(f"metadata lists no broker on {port}: {listed}")


def start(root: Path, log: Path) -> Service:
    jars = ensure_jars("kafka", log)
    java = find_java()
    cp = f"{jars}/*"
    version = next((p.stem.removeprefix("kafka_2.13-") for p in jars.glob("kafka_2.13-*.jar")), "?")

    def attempt() -> Service:
        port, controller = free_ports(2)
        data = fresh_dir(root, "kafka")
        svc = Service("kafka", f"{HOST}:{port}", port=port, log=str(log), data_dir=str(data))
        svc.ports, svc.version = {"broker": port, "controller": controller}, version
        props = data / "server.properties"
        props.write_text(render_properties(host=HOST, port=port, controller=controller, data=data))
        (data / "log4j2.properties").write_text(LOG4J2)
        log4j = f"-Dlog4j2.configurationFile={data / 'log4j2.properties'}"
        started = time.monotonic()
        with log.open("ab") as out:
            fmt = subprocess.run(
                [java, "-Xmx256m", log4j, "-cp", cp, "kafka.tools.StorageTool", "format",
                 "-t", cluster_id(), "-c", str(props)],
                stdout=out, stderr=subprocess.STDOUT, check=False,
            )  # fmt: skip
        if fmt.returncode != 0:
            discard(svc)
            raise ServiceError(
                f"Kafka StorageTool format exited with {fmt.returncode} ({java}); log {log}:\n"
                f"{log_tail(log)}"
            )
        proc = launch(svc, server_command(java, cp, data, log4j, props), cwd=data)

        def probe() -> str:
            ping(port)
            return version

        wait_ready(
            svc, proc=proc, ready_line="Kafka Server started", probe=probe,
            timeout=TIMEOUTS["kafka"], started=started,
        )  # fmt: skip
        return svc

    return with_bind_retries(attempt)
