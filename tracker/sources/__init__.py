"""Fetchers ("datasources"): one small module per source, each with one entry function.

Sources do network I/O and return domain objects plus what to remember (ETag, watermark);
`tracker.fetching` decides what is stored and when a cursor moves.
"""
