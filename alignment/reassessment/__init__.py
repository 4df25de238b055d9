"""Reassessment: noticing when scores, goals or the team's attention move, and saying so once."""
