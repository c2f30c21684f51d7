"""Ingest: files in, sanitised `Article`s out.

Discovery (which files), decoding (bytes to text), formats (txt, md, html,
json, jsonl) and the title rules. Nothing here raises for a bad file: a
failure becomes an article with `error` set.
"""
