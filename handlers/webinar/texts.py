"""French texts of the webinar registration (vouvoiement, short, for a phone)."""

from __future__ import annotations

CHOOSE = "<b>Webinaire d'information sur le label</b>\nChoisissez une date (heure de Paris) :"
NO_SESSION = (
    "Aucune séance du webinaire n'est ouverte aux inscriptions pour le moment. "
    "Les prochaines dates seront annoncées par l'association Villes Internet."
)
PROFILE_INTRO = "Pour vous inscrire, il me faut quelques informations, une seule fois."
FULL_NOTICE = (
    "⚠️ Cette séance est complète : je vous inscris sur la <b>liste d'attente</b> "
    "et je vous préviens dès qu'une place se libère."
)
CONFIRM_QUESTION = "Confirmez-vous votre inscription ?"
CONFIRM = "✅ Confirmer l'inscription"
CONFIRM_WAITING = "✅ M'inscrire sur la liste d'attente"
EDIT_PROFILE = "✏️ Modifier mes informations"
OTHER_DATE = "📅 Choisir une autre date"
REGISTERED = (
    "✅ C'est confirmé : vous êtes inscrit·e au webinaire du <b>{when}</b>.\n\n"
    "{join}\n"
    "{reminders}L'invitation pour votre agenda est jointe."
)
WAITING = (
    "📝 Vous êtes sur la liste d'attente du webinaire du <b>{when}</b> (position {position}).\n"
    "Je vous préviens ici dès qu'une place se libère."
)
RACE_LOST = "La dernière place vient d'être prise à l'instant."
ALREADY = "Vous êtes déjà inscrit·e à la séance du <b>{when}</b> : inutile de recommencer 🙂"
ALREADY_WAITING = "Vous êtes déjà sur la liste d'attente de la séance du <b>{when}</b> (position {position})."
ALREADY_OTHER_DATE = (
    "Vous êtes déjà inscrit·e au webinaire du <b>{when}</b>. Pour venir à une autre date, "
    "changez-la dans vos inscriptions : votre place passe à la nouvelle séance."
)
CLOSED = "Désolé, les inscriptions à la séance du <b>{when}</b> viennent de fermer."
GONE = "Cette séance n'est plus proposée."
JOIN = "▶️ Rejoindre le webinaire"
CALENDAR = "📅 Invitation agenda"
MY_REGISTRATIONS = "🗂 Mes inscriptions"
MANAGE = "🗂 Gérer mon inscription"
REMINDER = "⏰ {lead} : webinaire « {title} », <b>{when}</b> (heure de Paris).\n{join}"
REGISTRATION_PENDING = "🖥 Votre inscription au webinaire n'est pas terminée : /webinaire pour la reprendre."
LEAD_TOMORROW = "Demain"
LEAD_DAYS = "Dans {days} jours"
LEAD_ONE_HOUR = "Dans une heure"
LEAD_HOURS = "Dans {hours} heures"
LEAD_MINUTES = "Dans {minutes} minutes"
LEAD_ONE_MINUTE = "Dans une minute"
LEAD_ANY = "Rappel"
PROMOTED = "🎉 Bonne nouvelle : une place s'est libérée. Vous êtes inscrit·e au webinaire du <b>{when}</b>.\n\n{join}"

JOIN_LINE = 'Pour le rejoindre : <a href="{link}">{link}</a>'
LINK_LATER = "Le lien de connexion vous sera envoyé ici dès que l'association l'aura communiqué."
PROVISIONAL = "date provisoire"
PROVISIONAL_NOTE = (
    "⚠️ <i>Date provisoire : cette séance n'a pas encore été annoncée par l'association Villes Internet. "
    "Je vous préviendrai si elle change.</i>"
)

MINE_EMPTY = "Vous n'avez aucune inscription à venir."
MENU_MINE = "🗂 Mon webinaire : {day}"
MENU_MINE_WAITING = "🗂 Webinaire du {day} : liste d'attente"
MENU_MINE_SEVERAL = "🗂 Mes inscriptions au webinaire"
MINE_TITLE = "<b>Vos inscriptions</b>"
MINE_REGISTERED = "• {when} : inscrit·e"
MINE_WAITING = "• {when} : liste d'attente (position {position})"
MINE_REMOVED = "• séance retirée du programme"
CANCEL_QUESTION = "Annuler votre inscription du <b>{when}</b> ?"
CANCELLED = "C'est annulé. Votre place est libérée pour quelqu'un d'autre, merci de l'avoir signalé."
CALENDAR_CANCEL = "Ouvrez ce fichier pour retirer l'ancienne date de votre agenda."
KEPT = "Entendu, votre inscription est conservée."
CHANGE_QUESTION = "Pour quelle date voulez-vous changer ?"
NO_OTHER_DATE = "Il n'y a pas d'autre date ouverte pour le moment : votre inscription est conservée."
CHANGE_FULL = "La séance du <b>{when}</b> est complète : votre inscription actuelle est conservée."
CHANGED = "C'est changé : vous êtes maintenant inscrit·e au webinaire du <b>{when}</b>."

STAFF_TITLE = "<b>Inscriptions aux webinaires</b>"
STAFF_LINE = "• {when} — {title}\n   {registered} inscrit·es / {capacity} places, {waiting} en attente{state}"
STAFF_NONE = "Aucune séance dans data/webinaires.toml et aucune inscription."


def reminders_phrase(offsets: tuple[int, ...]) -> str:
    """« Je vous enverrai un rappel la veille et une heure avant.\n » for (1440, 60)."""
    if not offsets:
        return ""
    parts = [_offset(m) for m in offsets]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]
    return f"Je vous enverrai un rappel {joined}.\n"


def _offset(minutes: int) -> str:
    if minutes == 1440:
        return "la veille"
    if minutes % 1440 == 0:
        return f"{minutes // 1440} jours avant"
    if minutes == 60:
        return "une heure avant"
    if minutes % 60 == 0:
        return f"{minutes // 60} heures avant"
    return f"{minutes} minutes avant"
