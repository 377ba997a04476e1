"""Webinar registration: sessions, seats and waiting list, invitation, reminders, staff lists and exports."""
