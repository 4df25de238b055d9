"""Benchmarks run by ``make bench``: measurements to read, not tests that pass or fail."""
