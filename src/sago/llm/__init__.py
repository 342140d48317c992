"""What the LLM extractor and the LLM email writer share: providers, options, the loop they
run on, the token budget, usage, the prompt framing and schemas, grounding and the
injection screen. Nothing here picks a provider: `sago.bootstrap` does."""
