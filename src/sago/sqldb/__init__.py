"""Database connections the SQL adapters of several ports share (events, emails, runs)."""
