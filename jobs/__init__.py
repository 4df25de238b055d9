"""Scheduled work (check-in prompts, pulses, reminders); grows with the scheduling issue."""
