"""Owned-channel analytics: the institution's own accounts, read from the analytics files each
platform lets its owner download (Meta Business Suite, X, YouTube Studio, TikTok Studio).

- ``formats/``: one module per platform export, each registering the file types it reads;
- ``importer``: detect, read, store idempotently, keep provenance and rejected rows;
- ``metrics``: engagement and Kaushik's conversation/amplification/applause rates;
- ``besttime``: a weekday × hour heatmap of expected engagement per account;
- ``goals``: objectives with one KPI each, progress from the data, on track or at risk;
- ``channeling``: which accounts and formats suit a planned content item, with reasons;
- ``audience``: each account's audience against a campaign's target audience, and the gaps;
- ``calendar``: plan items, caption variants, approval, holidays, ICS/CSV, plan vs actual.
"""
