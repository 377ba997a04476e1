"""French texts of the staff review (/relecture), /stats and /export_fiches, and of the notices
the collectivity's members receive. Staff texts are terse; notices speak to a mayor (vous)."""

# Correction reasons: short code (in button data) -> label (stored with the comment, shown to all).
REASONS = {
    "inc": "Incomplet",
    "err": "Incorrect",
    "late": "Hors délai",
    "other": "Autre",
}

# -- queue ------------------------------------------------------------------------------------
QUEUE_TITLE = "📥 <b>Fiches à relire</b> : {count}, de la plus ancienne à la plus récente"
QUEUE_EMPTY = "📥 Aucune fiche à relire pour l'instant. Bravo !"
QUEUE_PAGE = "Page {page}/{pages}"
QUEUE_LINE = "{n}. <b>{collectivity}</b> — {enjeu} — « {title} » — soumise {age}{again}"
QUEUE_AGAIN = " 🔁 renvoyée après correction"
QUEUE_PREVIOUS = "⬅️ Précédentes"
QUEUE_NEXT = "Suivantes ➡️"
BACK_TO_QUEUE = "📥 File de relecture"
NEXT_IN_QUEUE = "➡️ Fiche suivante"

# -- the sheet, as staff see it ---------------------------------------------------------------
SHEET_TITLE = "📋 <b>Fiche n°{id} — « {title} »</b>"
SHEET_COLLECTIVITY = "Collectivité : <b>{name}</b>{details}"
SHEET_ENJEU = "Enjeu : {enjeu} · édition {edition}"
SHEET_STATUS = "Statut : {status}"
SHEET_SUBMITTED = "Soumise le {when} ({age})"
SHEET_CREATED_BY = "✍️ Créée par {who}"
SHEET_EDITED_BY = "✍️ Modifiée en dernier par {who}, le {when}"
SHEET_SUBMITTED_BY = "📨 Soumise par {who}"
ATTACHMENTS_TITLE = "📎 <b>Pièces jointes</b> ({count})"
ATTACHMENTS_NONE = "📎 Aucune pièce jointe."
ATTACHMENT_PHOTO = "• photo{caption}"
ATTACHMENT_DOCUMENT = "• document « {name} »{mime}{caption}"
HISTORY_TITLE = "🗂 <b>Historique des échanges</b>"
HISTORY_OLDER = "• … {count}"
WHOLE_SHEET = "📄 Voir la fiche en entier"
HISTORY_CORRECTION = "• {when} — ✏️ correction demandée par {who} — {reason}{text}"
HISTORY_RESUBMISSION = "• {when} — 📨 soumise à nouveau par {who}"
HISTORY_NOTE = "• {when} — 🔒 note interne {of_who}{text}"
HISTORY_VISIBLE_NOTE = "• {when} — 💬 commentaire {of_who}{text}"
UNKNOWN_PERSON = "une personne qui a supprimé ses données"
CLI_PERSON = "ligne de commande"

VALIDATE = "✅ Valider"
ASK_CORRECTION = "✏️ Demander une correction"
ADD_NOTE = "🔒 Note interne"
REOPEN = "↩️ Rouvrir la fiche"
CONFIRM_VALIDATION = "✅ Valider « {title} » ({collectivity}) ? Ses membres en seront prévenus."
YES_VALIDATE = "✅ Oui, valider"
NOT_YET = "↩️ Non, revenir à la fiche"
ASK_REOPEN_REASON = "↩️ <b>Rouvrir « {title} »</b> ({collectivity}), validée\n\nQuel est le motif ?"
REOPENED_SENT = "↩️ Fiche « {title} » rouverte pour correction. {notified}"
NOTICE_REOPENED = (
    "↩️ <b>Votre fiche « {title} » est rouverte</b>\n"
    "Elle avait été validée ; l'équipe du label vous demande de la reprendre.\n"
    "Enjeu : {enjeu}\n"
    "Motif : {reason}\n\n"
    "💬 <b>Commentaire de l'équipe du label</b> :\n{comment}\n\n"
    "Vos réponses sont conservées : touchez le bouton pour corriger la fiche, puis soumettez-la à nouveau."
)
CHANGED_SINCE = "🔁 <b>Modifiée depuis la demande du {when}</b> : {fields}"
UNCHANGED_SINCE = "🔁 Aucune réponse modifiée depuis la demande du {when}."

# -- decisions ----------------------------------------------------------------------------------
VALIDATED = "✅ Fiche « {title} » validée. {notified}"
VALIDATED_SHORT = "Fiche validée."
NOTIFIED = "{members} ({collectivity})."
MEMBERS_NOTIFIED = ("membre prévenu", "membres prévenus")
NOBODY_TO_NOTIFY = "Personne n'est rattaché à cette collectivité dans le bot : aucun message envoyé."
ALREADY_HANDLED = "Cette fiche a déjà été traitée : elle est maintenant « {status} »{by}."
ALREADY_HANDLED_BY = " (par {who})"
ALREADY_HANDLED_SHORT = "Déjà traitée."
NOT_IN_REVIEW = "Cette fiche n'est pas (ou plus) en relecture : statut « {status} »."

ASK_REASON = "✏️ <b>Correction de « {title} »</b> ({collectivity})\n\nQuel est le motif ?"
ASK_COMMENT = (
    "✏️ Motif : <b>{reason}</b>\n\n"
    "Écrivez le commentaire pour la collectivité : ce qu'il faut corriger, en quelques phrases. "
    "Tous ses membres le recevront."
)
COMMENT_TOO_LONG = "Ce commentaire fait {length} caractères : {limit} au plus, s'il vous plaît."
COMMENT_TEXT_ONLY = "J'attends un commentaire écrit."
CONFIRM_CORRECTION = (
    "✏️ <b>À envoyer aux membres {of_collectivity}</b>\n"
    "Fiche « {title} » — motif : {reason}\n\n"
    "💬 {comment}\n\n"
    "La fiche repassera « à corriger » et pourra être modifiée puis soumise à nouveau."
)
SEND = "📨 Envoyer"
EDIT_COMMENT = "✏️ Modifier le commentaire"
CANCEL = "✖️ Annuler"
CORRECTION_SENT = "✏️ Correction demandée pour « {title} ». {notified}"
CORRECTION_SENT_SHORT = "Demande envoyée."
CORRECTION_LOST_RACE = (
    "Entre-temps, cette fiche a déjà été traitée : elle est « {status} »{by}. "
    "Votre demande n'a pas été envoyée. Votre commentaire, pour mémoire :\n« {comment} »"
)
CORRECTION_CANCELLED = "Demande de correction annulée : rien n'a été envoyé."

ASK_NOTE = (
    "🔒 <b>Note interne sur « {title} »</b>\n\n"
    "Écrivez la note. Elle reste dans l'équipe : la collectivité ne la voit jamais."
)
NOTE_SAVED = "🔒 Note interne enregistrée."
NOTE_CANCELLED = "Note annulée."

# -- notices to the collectivity's members (through the outbox) ------------------------------------
NOTICE_CORRECTION = (
    "✏️ <b>Votre fiche « {title} » est à corriger</b>\n"
    "Enjeu : {enjeu}\n"
    "Motif : {reason}\n\n"
    "💬 <b>Commentaire de l'équipe du label</b> :\n{comment}\n\n"
    "Vos réponses sont conservées : touchez le bouton pour corriger la fiche, puis soumettez-la à nouveau."
)
NOTICE_CORRECTION_BUTTON = "✏️ Corriger la fiche"
NOTICE_VALIDATED = (
    "✅ <b>Bonne nouvelle</b> : votre fiche « {title} » ({enjeu}) a été validée par l'équipe du label. Merci !"
)
NOTICE_VALIDATED_BUTTON = "📋 Voir mon dossier"

# -- stats ----------------------------------------------------------------------------------------
STATS_TITLE = "📊 <b>Statistiques — édition {edition}</b>"
STATS_PARTICIPATION = (
    "Collectivités participantes : <b>{with_sheets}</b> (au moins une fiche), "
    "dont {with_submitted} avec une fiche soumise ou validée"
)
STATS_MEMBERS = "Personnes rattachées à une collectivité : {members} ({collectivities})"
STATS_BY_STATUS = "<b>Fiches par statut</b> ({total})"
STATS_BY_ENJEU = "<b>Fiches par enjeu</b>"
STATS_ENJEU_LINE = "• {name} : {total}{details}"
STATS_WEBINARS = "<b>Inscriptions aux webinaires</b>"
STATS_WEBINAR_LINE = "• {when} — {title} : {registered}/{capacity} inscrit·es{waiting}"
STATS_NO_WEBINAR = "• aucune séance dans le fichier des webinaires"
STATS_CHART = "📈 En graphique (PNG)"
STATS_CHART_CAPTION = "Statistiques de l'édition {edition}, au {when}."

# -- exports --------------------------------------------------------------------------------------
EXPORT_ASK = "📤 <b>Export des fiches actions — édition {edition}</b> ({count}, brouillons compris)\n\nQuel format ?"
EXPORT_CSV = "CSV (Excel)"
EXPORT_XLSX = "Excel (XLSX)"
EXPORT_JSON = "JSON"
EXPORT_CAPTION = "{count}, édition {edition}. Les notes internes ne sont jamais exportées."
EXPORT_EMPTY = "Aucune fiche pour l'édition {edition} : rien à exporter."
EXPORT_PREPARING = "⏳ Je prépare l'export ({count}, {fmt}) : quelques secondes, le fichier arrive ici."
EXPORT_PROVISIONAL = "Provisoire, en attendant les listes officielles de l'association : {what}."

SHEET_UNKNOWN = "Cette fiche n'existe plus (supprimée par sa collectivité)."
