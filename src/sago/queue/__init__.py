"""Transport between ingest and processing (port: `queue.base.MessageQueue`)."""
