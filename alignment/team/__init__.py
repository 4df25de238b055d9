"""The team side: invites, pulse rounds, anonymous filing and the reports built from them."""
