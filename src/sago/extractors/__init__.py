"""Turn batches of messages into significant events (port: `extractors.base.Extractor`)."""
