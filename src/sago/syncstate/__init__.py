"""Where live syncs keep their place (port: `syncstate.base.SyncState`)."""
