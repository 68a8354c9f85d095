"""Loa: a platform to run a public-information campaign end to end."""

__version__ = "0.1.0"
