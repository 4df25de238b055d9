"""Benchmarks run by `make bench`: each module seeds its own data and prints timings in ms."""
