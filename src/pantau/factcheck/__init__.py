"""Hoaxes and clarifications: a claims database, matching posts and issues to known claims."""
