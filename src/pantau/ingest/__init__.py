"""Bringing posts in: file formats (``formats/``) and live sources (``connectors/``)."""
