"""Apache Cassandra 5.0, a lone seed node from Maven jars, sized for a shared test machine."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from servers.common import HOST, TIMEOUTS, Service, ServiceError, free_ports, fresh_dir
from servers.jars import ensure_jars, extra_java_opts, find_java
from servers.process import launch, wait_ready, with_bind_retries

# Few threads per stage: the tests' load is small and the machine's cores are shared.
YAML = """\
cluster_name: sago-test
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
dynamic_snitch: false
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "{host}:{storage}"
num_tokens: 1
initial_token: 0
listen_address: {host}
rpc_address: {host}
storage_port: {storage}
native_transport_port: {port}
start_native_transport: true
data_file_directories: [{data}/data]
commitlog_directory: {data}/commitlog
saved_caches_directory: {data}/saved_caches
hints_directory: {data}/hints
cdc_raw_directory: {data}/cdc_raw
auto_snapshot: false
storage_compatibility_mode: NONE
hinted_handoff_enabled: false
concurrent_reads: 4
concurrent_writes: 4
concurrent_counter_writes: 2
concurrent_materialized_view_writes: 2
concurrent_compactors: 1
memtable_flush_writers: 1
"""

LOGBACK = """\
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
"""

# Java 17 needs all of these for Cassandra 5.0 (from its conf/jvm17-server.options).
JVM17 = """\
--add-exports java.base/jdk.internal.misc=ALL-UNNAMED
--add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
--add-exports java.management/com.sun.jmx.remote.security=ALL-UNNAMED
--add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
--add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
--add-exports java.sql/java.sql=ALL-UNNAMED
--add-exports java.base/java.lang.ref=ALL-UNNAMED
--add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
--add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
--add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
--add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
--add-opens java.base/java.lang.module=ALL-UNNAMED
--add-opens java.base/jdk.internal.loader=ALL-UNNAMED
--add-opens java.base/jdk.internal.ref=ALL-UNNAMED
--add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
--add-opens java.base/jdk.internal.math=ALL-UNNAMED
--add-opens java.base/jdk.internal.module=ALL-UNNAMED
--add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
--add-opens java.base/sun.nio.ch=ALL-UNNAMED
--add-opens java.base/java.io=ALL-UNNAMED
--add-opens java.base/java.lang.reflect=ALL-UNNAMED
--add-opens java.base/java.lang=ALL-UNNAMED
--add-opens java.base/java.util=ALL-UNNAMED
--add-opens java.base/java.nio=ALL-UNNAMED
"""


def render_yaml(*, host: str, port: int, storage: int, data: Path) -> str:
    return YAML.format(host=host, port=port, storage=storage, data=data)


def server_command(
    java: str, jars: Path, jamm: Path, conf: Path, data: Path, *, as_root: bool
) -> list[str]:
    cmd = [
        java, "-Xms1g", "-Xmx1g", "-Xss512k", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=300",
        "-XX:ActiveProcessorCount=2", "-XX:+ExitOnOutOfMemoryError",
        "-ea", "-da:net.openhft...",
        "-Djava.net.preferIPv4Stack=true", "-Djdk.attach.allowAttachSelf=true",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-Dio.netty.allocator.useCacheForAllThreads=true", "-Dio.netty.allocator.maxOrder=11",
        "-Dchronicle.analytics.disable=true",
        f"@{conf / 'jvm17.args'}", f"-javaagent:{jamm}",
        "-Dcassandra-foreground=yes",
        f"-Dcassandra.config=file://{conf / 'cassandra.yaml'}",
        f"-Dcassandra.storagedir={data}", f"-Dcassandra.logdir={data}/logs",
        f"-Dlogback.configurationFile={conf / 'logback.xml'}",
        f"-Djna.tmpdir={data / 'tmp'}", f"-Djava.io.tmpdir={data / 'tmp'}",
        # A lone seed node: no gossip settling, no ring delay, no fsync of system tables.
        "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=0",
        "-Dcassandra.unsafesystem=true", "-Dcassandra.superuser_setup_delay_ms=0",
        f"-Dcassandra.triggers_dir={data / 'triggers'}",
        *extra_java_opts("cassandra"),
        "-cp", f"{jars}/*", "org.apache.cassandra.service.CassandraDaemon",
    ]  # fmt: skip
    setpriv = shutil.which("setpriv")
    if as_root and setpriv:
        # As root the daemon's mlockall() pins the whole heap (RSS jumps by ~1 GB):
        # without CAP_IPC_LOCK it fails harmlessly (a warning) under the 8 MiB memlock limit.
        cmd = [setpriv, "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", *cmd]
    return cmd


def release_version(port: int, host: str = HOST, timeout: float = 10.0) -> str:
    """`SELECT release_version FROM system.local` through cassandra-driver."""
    from cassandra import DriverException, ProtocolVersion
    from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable
    from cassandra.io.libevreactor import LibevConnection
    from cassandra.policies import RoundRobinPolicy

    # Everything named explicitly: no legacy-parameter or policy warnings, no protocol
    # downgrade dance, and never the asyncore reactor (deprecated in 3.11).
    profile = ExecutionProfile(load_balancing_policy=RoundRobinPolicy(), request_timeout=timeout)
    cluster = Cluster(
        contact_points=[(host, port)],
        protocol_version=ProtocolVersion.V5,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        connection_class=LibevConnection,
        connect_timeout=timeout,
        control_connection_timeout=timeout,
    )
    try:
        row = cluster.connect().execute("SELECT release_version FROM system.local").one()
    except (NoHostAvailable, DriverException) as exc:
        raise ConnectionError(f"CQL query failed: {exc}") from exc
    finally:
        cluster.shutdown()
    if row is None:
        raise ConnectionError("system.local has no row")
    return str(row.release_version)


def start(root: Path, log: Path) -> Service:
    jars = ensure_jars("cassandra", log)
    java = find_java()
    jamm = next(jars.glob("jamm-*.jar"), None)
    if jamm is None:
        raise ServiceError(f"no jamm jar in {jars}: delete the folder and retry")

    def attempt() -> Service:
        port, storage = free_ports(2)
        data = fresh_dir(root, "cassandra")
        svc = Service("cassandra", f"{HOST}:{port}", port=port, log=str(log), data_dir=str(data))
        svc.ports = {"native": port, "storage": storage}
        conf = data / "conf"
        conf.mkdir()
        (conf / "cassandra.yaml").write_text(
            render_yaml(host=HOST, port=port, storage=storage, data=data)
        )
        (conf / "logback.xml").write_text(LOGBACK)
        (conf / "jvm17.args").write_text(JVM17)
        (data / "tmp").mkdir()
        (data / "triggers").mkdir()
        cmd = server_command(java, jars, jamm, conf, data, as_root=os.geteuid() == 0)
        started = time.monotonic()
        proc = launch(svc, cmd, cwd=data)
        wait_ready(
            svc, proc=proc, ready_line="Startup complete", probe=lambda: release_version(port),
            timeout=TIMEOUTS["cassandra"], started=started,
        )  # fmt: skip
        return svc

    return with_bind_retries(attempt)
