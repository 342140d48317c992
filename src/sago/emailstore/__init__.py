"""Where drafted and approved investor emails are kept (port in base.py)."""
