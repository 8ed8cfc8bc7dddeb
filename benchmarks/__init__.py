"""Benchmarks for ``make bench``.

Each prints ``bench <name>: <value> <unit> (<ratio>x vs <baseline>)``.
"""
