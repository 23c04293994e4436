"""Actors and spread: who posts, who interacts with whom, and who acts together."""
