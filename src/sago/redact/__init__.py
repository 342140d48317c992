"""Redaction per audience (port: `redact.base.Redactor`): what investors and cloud models
must not see, withheld before the text reaches them, with a report of what and why."""
