"""The real servers the integration tests use: one module per server, driven by `cli`.

`scripts/services.py` is the entry point (`up`, `down`, `status`, `env`). `common` holds the
state folder and ports, `process` launches, waits for and stops process groups, `jars`
assembles the Java servers' classpaths from Maven Central, and `kafka`, `redis`, `postgres`
and `cassandra` each know how to configure, start and probe their server.
"""
