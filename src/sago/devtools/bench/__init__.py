"""`sago bench`: throughput, peak memory and LLM traffic of the pipeline, measured in one run.

`runner.run_bench` generates a dataset in a scratch folder and runs each phase (see
`phases.py`) on it, by default each in a fresh interpreter so every phase gets its own peak
RSS. Nothing here touches the user's stores: every phase writes under the scratch folder,
and the Kafka phases use fresh topics and groups that are deleted afterwards.
"""
