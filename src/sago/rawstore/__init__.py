"""Persistent storage of raw messages (port: `rawstore.base.RawStore`)."""
