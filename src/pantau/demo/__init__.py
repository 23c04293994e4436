"""A deterministic demo week of Indonesian public conversation, for demos and tests."""

from pantau.demo.generator import INSTITUTION, DemoInstitution, DemoTruth, generate, generate_posts

__all__ = ["INSTITUTION", "DemoInstitution", "DemoTruth", "generate", "generate_posts"]
