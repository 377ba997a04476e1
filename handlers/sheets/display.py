"""How sheet values read on a phone: titles, answers (escaped), progress bar, positions."""

from __future__ import annotations

from datetime import date

from handlers.content.form import Form, Question
from handlers.core import frdates
from handlers.core.events import SendFile
from handlers.core.router import Replies
from handlers.core.ui import esc, shorten
from handlers.sheets import texts as t
from storage.models import ActionSheet, SheetAttachment
from storage.repositories.sheets import SERVICES_FIELD, decode_list

BAR_CELLS = 8


def title(sheet: ActionSheet) -> str:
    """Plain (unescaped) title, or the placeholder for a sheet not yet titled."""
    return sheet.title.strip() or t.UNTITLED


def attachment_label(attachment: SheetAttachment) -> str:
    """« photo « Atelier » », « document « bilan.pdf » » (plain: escape it for HTML)."""
    if attachment.kind == "photo":
        return f"{t.ATTACHMENT_PHOTO} « {attachment.caption} »" if attachment.caption else t.ATTACHMENT_PHOTO
    return t.ATTACHMENT_DOCUMENT.format(name=attachment.file_name or attachment.caption or "sans nom")


def attachment_files(sheet: ActionSheet) -> Replies:
    """The sheet's photos and documents, sent again by their Telegram file id, each with its caption."""
    name = title(sheet)
    return [
        SendFile(a.file_id, "photo" if a.kind == "photo" else "document", file_caption(name, a.caption))
        for a in sheet.attachments
    ]


CAPTION_LIMIT = 1024  # Telegram's, in UTF-16 code units of the caption once its HTML is parsed


def file_caption(title: str, caption: str) -> str:
    """« title » — caption, shortened to what a Telegram caption holds, then escaped (cutting after
    escaping could end in the middle of « &amp; », which Telegram refuses)."""
    plain = f"« {title} » — {caption}" if caption.strip() else f"« {title} »"
    limit = CAPTION_LIMIT
    while True:
        short = shorten(plain, limit)
        excess = len(short.encode("utf-16-le")) // 2 - CAPTION_LIMIT  # an emoji counts twice
        if excess <= 0:
            return esc(short)
        limit -= excess


def services(sheet: ActionSheet) -> list[str]:
    return decode_list(sheet.value(SERVICES_FIELD))


def plain_value(question: Question, raw: str) -> str:
    """An answer as text (unescaped), for the card, the PDF and the spreadsheet."""
    if not raw:
        return ""
    if question.type == "choix_multiples":
        return ", ".join(decode_list(raw))
    if question.type == "date":
        return date_label(raw)
    return raw


def date_label(raw: str) -> str:
    """`2025-09` -> « septembre 2025 », `2025-09-01` -> « 1er septembre 2025 »."""
    try:
        if len(raw) == 7:
            return _month(date.fromisoformat(raw + "-01"))
        day = date.fromisoformat(raw)
        return f"{'1er' if day.day == 1 else day.day} {_month(day)}"
    except ValueError:
        return raw


def _month(day: date) -> str:
    return f"{frdates.MONTHS[day.month - 1]} {day.year}"


def html_value(question: Question, raw: str) -> str:
    value = plain_value(question, raw)
    return esc(value) if value else t.NOT_ANSWERED


def progress(index: int, total: int) -> str:
    filled = round(BAR_CELLS * (index + 1) / total) if total else BAR_CELLS
    return t.PROGRESS.format(n=index + 1, total=total, bar="▰" * filled + "▱" * (BAR_CELLS - filled))


def where(sheet: ActionSheet, form: Form) -> str:
    """Where the collection of this sheet stands, for « Reprendre … (question 4/8) »."""
    if sheet.status == "a_corriger":
        return t.WHERE_CORRECTION
    if sheet.position < 0 or not services(sheet):
        return t.WHERE_SERVICES
    if sheet.position < len(form):
        return t.WHERE_QUESTION.format(n=sheet.position + 1, total=len(form))
    return t.WHERE_SUMMARY
