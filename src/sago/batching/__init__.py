"""Collects messages into batches for extraction (port: `batching.base.Batcher`)."""
