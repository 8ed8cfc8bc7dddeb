"""Pure-Python computation for CivicShift. Nothing in this package imports Django.

Usable from a notebook: ``from civicshift.core import lifecycle``.
"""
