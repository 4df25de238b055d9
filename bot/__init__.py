"""The Telegram edge: parse updates, call domain services, render replies."""
