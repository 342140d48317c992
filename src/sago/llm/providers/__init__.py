"""Model providers: each module turns a provider name and its settings into a `Provider`.
`sago.bootstrap.build_provider` picks one; nothing here imports an optional SDK eagerly."""
