"""CivicShift: open software that helps a municipality adopt new technology."""

__version__ = "0.2.0"
