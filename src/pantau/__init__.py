"""Pantau: monitoring isu dan optimasi diseminasi informasi untuk humas pemerintah."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pantau")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+source"
