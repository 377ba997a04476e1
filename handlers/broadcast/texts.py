"""Words and keyboards of broadcasts: audience names, the progress message, the final report.

Shared by the /diffusion flow, the pause/resume/cancel buttons, the progress worker and the CLI.
"""

from __future__ import annotations

from datetime import datetime

from handlers.broadcast.router import JOB
from handlers.core import texts
from handlers.core.events import Keyboard
from handlers.core.ui import btn, esc
from storage.models import BroadcastJob, BroadcastStatus

ASK_TEXT = (
    "📣 <b>Nouvelle diffusion</b>\n\n"
    "Écrivez le message à envoyer. Mise en forme possible : "
    "<code>&lt;b&gt;gras&lt;/b&gt;</code>, <code>&lt;i&gt;italique&lt;/i&gt;</code>, "
    '<code>&lt;a href="https://…"&gt;lien&lt;/a&gt;</code>.\n'
    "Je vous montrerai l'aperçu avant tout envoi. /annuler pour abandonner."
)
ONLY_TEXT = "J'attends le texte du message, écrit au clavier."
INVALID = "Telegram refuserait ce message :\n• {problems}\n\nCorrigez-le et renvoyez-le."
PREVIEW = "👀 <b>Aperçu</b> : voici exactement ce que recevront les destinataires 👇"
REWRITTEN = (
    "(J'ai adapté pour Telegram vos « &amp; », « &lt; » et les codes comme « &amp;nbsp; » : "
    "le message s'affichera comme ci-dessous.)"
)
ASK_AUDIENCE = "À qui l'envoyer ?"
ASK_ROLE = "Quel rôle ?"
ASK_DEPARTMENT = "Tapez le numéro ou le nom du département (par exemple 33, 2A, 974 ou Tarn)."
BAD_DEPARTMENT = "« {value} » n'est pas un numéro de département. Par exemple : 33, 2A ou 974."
NOBODY = (
    "Personne ne correspond à ce public (les personnes qui ont bloqué le bot ne sont pas comptées). "
    "Choisissez un autre public :"
)
CONFIRM = "Ce message partira à <b>{count}</b> {people} ({audience}).\nOn l'envoie ?"
UNAVAILABLE = "Ce public n'est pas encore disponible. Choisissez-en un autre :"
STARTED = "C'est parti !"
ASK_SESSION = "Quelle session du webinaire ? (inscrits et liste d'attente)"
NO_SESSION = "Aucune session de webinaire à venir. Choisissez un autre public :"

AUDIENCE_BUTTONS = {
    "all": "👥 Tout le monde",
    "role": "🎭 Par rôle",
    "department": "📍 Par département",
    "session": "🖥 Inscrits à une session du webinaire",
    "unsubmitted": "📝 Collectivités avec des fiches non soumises",
}
STATUS_WORDS = {
    BroadcastStatus.RUNNING: "en cours",
    BroadcastStatus.PAUSED: "⏸ en pause",
    BroadcastStatus.CANCELLED: "⏹ annulée",
    BroadcastStatus.DONE: "✅ terminée",
}


def people(count: int) -> str:
    return "personne" if count <= 1 else "personnes"


def audience_label(kind: str, value: str = "", extra: str = "") -> str:
    if kind == "all":
        return "tout le monde"
    if kind == "role":
        return f"rôle : {texts.ROLE_LABELS.get(value, value)}"
    if kind == "department":
        return f"département {value}"
    if kind == "session":
        return f"inscrits à la session {extra or value}"
    if kind == "unsubmitted":
        return "membres des collectivités avec des fiches non soumises"
    return kind


def _bar(done: int, total: int, width: int = 10) -> str:
    filled = width if total == 0 else round(width * done / total)
    return "▓" * filled + "░" * (width - filled)


def status_words(job: BroadcastJob) -> str:
    if job.status == BroadcastStatus.CANCELLED and job.finished_at is None:
        return "⏹ annulation en cours"
    return STATUS_WORDS.get(BroadcastStatus(job.status), job.status)


def progress_text(job: BroadcastJob, pending: int | None = None, in_flight: int = 0) -> str:
    """The progress message; `in_flight`: sends under way when it was paused or cancelled."""
    done = job.sent + job.blocked + job.failed
    if pending is not None:
        done = job.total - pending
    percent = 100 if job.total == 0 else int(100 * done / job.total)
    text = (
        f"📣 <b>Diffusion n°{job.id}</b> ({esc(job.audience_label)})\n"
        f"{_bar(done, job.total)} {done} / {job.total} ({percent} %)\n"
        f"✅ envoyés : {job.sent} · 🚫 ont bloqué le bot : {job.blocked} · ⚠️ échecs : {job.failed}\n"
        f"Statut : {status_words(job)}"
    )
    if in_flight and job.status in (BroadcastStatus.PAUSED, BroadcastStatus.CANCELLED):
        text += f"\n⏳ {in_flight} envoi{'s' if in_flight > 1 else ''} en cours : les chiffres suivront."
    return text


def report_key(job: BroadcastJob) -> str:
    return f"bc:{job.id}:report"


def control_buttons(job: BroadcastJob) -> Keyboard:
    if job.status == BroadcastStatus.RUNNING:
        return [[btn("⏸ Pause", f"{JOB}:pause:{job.id}"), btn("⏹ Annuler", f"{JOB}:cancel:{job.id}")]]
    if job.status == BroadcastStatus.PAUSED:
        return [[btn("▶️ Reprendre", f"{JOB}:resume:{job.id}"), btn("⏹ Annuler", f"{JOB}:cancel:{job.id}")]]
    return []


def confirm_cancel_buttons(job: BroadcastJob) -> Keyboard:
    return [
        [btn("Oui, annuler la diffusion", f"{JOB}:cancelok:{job.id}")],
        [btn("Non, continuer", f"{JOB}:keep:{job.id}")],
    ]


def duration(start: datetime, end: datetime) -> str:
    seconds = max(0, int((end - start).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def report_text(job: BroadcastJob) -> str:
    ended = "annulée" if job.status == BroadcastStatus.CANCELLED else "terminée"
    lines = [
        f"📣 <b>Diffusion n°{job.id} {ended}</b> ({esc(job.audience_label)})",
        f"✅ Envoyés : {job.sent} sur {job.total}",
        f"🚫 Ont bloqué le bot : {job.blocked}",
        f"⚠️ Échecs : {job.failed}",
    ]
    left = job.total - job.sent - job.blocked - job.failed
    if job.status == BroadcastStatus.CANCELLED:
        lines.append(f"⏹ Non envoyés : {left}")
    elif left > 0:  # done: the rest was cancelled by its recipients (/rappels) before their turn
        lines.append(f"🔕 Ont arrêté les annonces entre-temps : {left}")
    if job.finished_at is not None:
        lines.append(f"Durée : {duration(job.created_at, job.finished_at)}")
    return "\n".join(lines)
