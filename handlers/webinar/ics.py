"""Calendar invitation (.ics, RFC 5545) for a webinar session, built with icalendar.

Times are written in UTC so every calendar (Outlook, Google, Apple) places them right
without a VTIMEZONE block; the join link goes in URL, LOCATION and the description.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from handlers.content.sessions import WebinarSession

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PRODUCT_ID = "-//Villes Internet//Arobase//FR"


def _calendar(method: str, session: WebinarSession, *, uid: str, now: datetime, summary: str) -> tuple[Calendar, Event]:
    """A calendar of one event for `session` (`uid` identifies it across an invitation and its cancellation)."""
    from icalendar import Calendar, Event  # ~4 MB, imported by the first invitation, not at start

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", summary)
    return calendar, event


def session_invitation(session: WebinarSession, *, uid: str, now: datetime) -> bytes:
    calendar, event = _calendar("PUBLISH", session, uid=uid, now=now, summary=session.title)
    lines = [session.title]
    if session.speakers:
        lines.append("Avec : " + ", ".join(session.speakers))
    if session.provisional:  # an example session: no link to give, a date still to confirm
        lines.append("Date provisoire ; le lien de connexion sera envoyé dès que l'association l'aura communiqué.")
        event.add("description", "\n".join(lines))
        event.add("status", "TENTATIVE")
    else:
        lines.append(f"Pour rejoindre : {session.link}")
        event.add("description", "\n".join(lines))
        event.add("location", session.link)
        event.add("url", session.link)
        event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical()


def session_cancellation(session: WebinarSession, *, uid: str, now: datetime) -> bytes:
    """The same event (`uid`) cancelled (METHOD:CANCEL, RFC 5546): opened, it leaves the calendar."""
    calendar, event = _calendar("CANCEL", session, uid=uid, now=now, summary=f"Annulé : {session.title}")
    event.add("sequence", 1)
    event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def invitation_filename(session: WebinarSession) -> str:
    return f"webinaire-{session.id}.ics"
