"""Persistent storage of extracted events (port: `eventstore.base.EventStore`)."""
