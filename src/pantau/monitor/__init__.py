"""Monitoring: topics and their boolean query language (rollups, issues and alerts later)."""
