"""Where finished runs' counters are kept (port in base.py)."""
