"""The harness around the product: chaos scenarios, the benchmark, the data generator and the
local LLM stub. Nothing in the pipeline imports from here; it obtains adapters through
`sago.bootstrap` like any other caller."""
