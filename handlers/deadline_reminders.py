"""Wording of a deadline reminder: the deadline, what is left to do, a « Reprendre » button."""

from __future__ import annotations

from datetime import date

from handlers import frdates
from handlers.content.deadlines import DueReminder
from handlers.ui import esc

RESUME_BUTTON = [[{"label": "📝 Reprendre mes fiches", "data": "menu:fiches"}]]
SHOWN_DRAFTS = 8


def when(day: date, today: date) -> str:
    days = (day - today).days
    if days <= 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    return f"dans {days} jours"


def reminder_text(reminder: DueReminder, drafts: list[str], today: date) -> str:
    name = esc(reminder.deadline.name)
    lines = [
        f"⏰ <b>Rappel</b> : {name[:1].upper()}{name[1:]} est le <b>{frdates.day(reminder.day)}</b> "
        f"({when(reminder.day, today)}).",
        "",
    ]
    if len(drafts) == 1:
        lines.append(f"Il reste une fiche à soumettre : « {esc(drafts[0])} ».")
    elif drafts:
        lines.append(f"Il reste {len(drafts)} fiches à soumettre :")
        lines += [f"• {esc(title)}" for title in drafts[:SHOWN_DRAFTS]]
        if len(drafts) > SHOWN_DRAFTS:
            lines.append(f"• … et {len(drafts) - SHOWN_DRAFTS} autres")
    else:
        lines.append("Votre participation n'est pas encore soumise.")
    lines += ["", "Reprenez là où vous en étiez :"]
    return "\n".join(lines)
