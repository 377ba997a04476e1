"""The person's profile (name, role, e-mail, collectivity, consent): asked once, only what a feature needs."""
