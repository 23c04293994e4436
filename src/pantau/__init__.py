"""Pantau: monitoring isu dan optimasi diseminasi informasi untuk humas pemerintah."""

# The one place the version is written: the package metadata reads it at build time, so a
# checkout, a clone without tags, a source archive and an installed wheel all say the same.
# A release changes it together with CHANGELOG.md and is tagged v<version> (CONTRIBUTING.md).
__version__ = "0.1.0"
