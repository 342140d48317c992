"""Readers that turn input files into Messages (port: `sources.base.MessageSource`)."""
