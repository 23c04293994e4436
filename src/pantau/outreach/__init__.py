"""Owned-channel analytics: the institution's own accounts, read from the analytics files each
platform lets its owner download (Meta Business Suite, X, YouTube Studio, TikTok Studio).

- ``formats/``: one module per platform export, each registering the file types it reads;
- ``importer``: detect, read, store idempotently, keep provenance and rejected rows;
- ``metrics``: engagement and Kaushik's conversation/amplification/applause rates;
- ``besttime``: a weekday × hour heatmap of expected engagement per account.
"""
