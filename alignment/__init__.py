"""Northstar's domain: questionnaires, reviewers, scoring and coaching — no Telegram here."""
