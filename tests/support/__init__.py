"""Shared test helpers: a settable clock, databases, and a bot running against the fake API."""
