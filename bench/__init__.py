"""Benchmarks run by ``make bench``: each module seeds its own data and prints what it measured.

Measurements to read, not tests that pass or fail.
"""
