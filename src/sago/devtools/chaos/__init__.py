"""Crash and outage scenarios: the figures behind "nothing lost or doubled" (`sago chaos`).

Shared by the `chaos` tests and the `sago chaos` command: each scenario runs `sago` in
subprocesses, kills or cuts them off, and compares the final state with an uninterrupted run.
"""
