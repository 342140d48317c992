"""Drafting the investor email from stored events (port: `email.base.EmailComposer`)."""
