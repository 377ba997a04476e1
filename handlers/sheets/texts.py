"""French texts of the action sheets: vouvoiement, short, one question per message."""

STATUS_LABELS = {
    "brouillon": "📝 Brouillon",
    "soumise": "📨 Soumise, en relecture",
    "a_corriger": "✏️ À corriger",
    "validee": "✅ Validée",
}
UNTITLED = "Fiche sans titre"
NOT_ANSWERED = "<i>pas de réponse</i>"

DOSSIER_TITLE = "📝 <b>Fiches actions — {name}</b>\nÉdition {edition} du label"
DOSSIER_EMPTY = (
    "Vous n'avez encore aucune fiche. Choisissez un enjeu ci-dessous : je vous guide, "
    "quelques questions à la fois. Tout est enregistré au fur et à mesure."
)
DOSSIER_COUNTS = "{sheets} · enjeux couverts : {covered} sur {total}"
PRIVATE_TITLE = "📝 <b>Vos brouillons pour {name}</b>\nÉdition {edition} du label"
PRIVATE_NOTE = (
    "Vous seul·e voyez ces brouillons. Les fiches déjà saisies par votre collectivité, s'il y en a, "
    "apparaîtront ici quand votre accès au dossier sera validé."
)
PRIVATE_MOSAIC_CAPTION = (
    "Vos brouillons {edition} : {sheets}. Les fiches de votre collectivité n'y figurent pas encore."
)
MOSAIC_LINE = "{mark} {name} : {count}"
MOSAIC_EMPTY = "⬜ Sans fiche pour l'instant : {names}"
UNFINISHED_TITLE = "<b>À terminer</b>"
PICK_ENJEU = "Touchez un enjeu pour voir ses fiches ou en ajouter une."
PROVISIONAL_NOTE = "* nom provisoire, en attente de confirmation par l'association"
PROVISIONAL_CHOICES = "⚠️ <i>Choix provisoires : la liste officielle n'est pas encore publiée par l'association.</i>"
PROVISIONAL_SERVICES = (
    "⚠️ <i>Services d'exemple (ATLAAS 2014), en attendant le référentiel officiel de l'association : "
    "cochez le plus proche de votre action.</i>"
)
PROVISIONAL_CARD = "⚠️ <i>Provisoire, en attendant les listes officielles de l'association : {what}.</i>"
PROVISIONAL_WHAT_SERVICES = "les services proposés"
PROVISIONAL_WHAT_CHOICES = "les choix de « {label} »"

RESUME_BUTTON = "▶️ Reprendre « {title} » ({where})"
LEFT_DRAFT = "💾 La fiche « {title} » est enregistrée ({where}) : vous la reprendrez quand vous voudrez."
WHERE_SERVICES = "services"
WHERE_QUESTION = "question {n}/{total}"
WHERE_SUMMARY = "récapitulatif"
WHERE_CORRECTION = "à corriger"

ENJEU_SCREEN = "<b>{name}</b>\n{description}\n\n{services} dans cet enjeu."
ENJEU_SHEETS = "<b>Vos fiches</b>"
NEW_IN_ENJEU = "➕ Nouvelle fiche pour cet enjeu"
BACK_TO_DOSSIER = "📋 Mon dossier"
MAIN_MENU = "🏠 Menu principal"
SEE_MOSAIC = "🖼 Voir ma mosaïque"
EXPORT = "📄 Exporter mon dossier"

SERVICES_SCREEN = (
    "📝 <b>{title}</b> — {enjeu}\n\n"
    "Quels services numériques cette action concerne-t-elle ? Touchez-les pour les cocher "
    "(plusieurs possibles), puis « Valider »."
)
SERVICES_VALIDATE = "✅ Valider ({count})"
SERVICES_NONE = "Cochez au moins un service : chaque action se rattache à un service de la matrice."

PROGRESS = "<b>Question {n}/{total}</b>  {bar}"
OPTIONAL = "(facultatif)"
LENGTH_LIMIT = "<i>{limit} caractères au plus.</i>"
EXAMPLE = "Exemple : <i>{example}</i>"
CURRENT = "Réponse actuelle : « {value} »"
KEEP = "✅ Garder la réponse actuelle"
SKIP = "⏭ Passer"
CLEAR = "🗑 Effacer la réponse"
CLEARED = "🗑 Réponse à « {label} » effacée."
BACK = "⬅️ Retour"
BACK_TO_SUMMARY = "⬅️ Retour au récapitulatif"
SAVE_AND_QUIT = "💾 Enregistrer et quitter"
WHOLE_SHEET = "📋 Toute la fiche"
VALIDATE = "✅ Valider"
SAVED = "✅ C'est enregistré ({label})."  # the field's name, not in « »: no one takes it for the answer
SAVED_AS = "✅ C'est enregistré ({label} : {value})."  # a choice, a date, a link: read back as understood
CHOICE_TYPED_UNKNOWN = "Je n'ai pas reconnu ce choix. Touchez l'un des boutons de la question."

SAVED_AND_QUIT = (
    "💾 C'est enregistré : « {title} » ({where}).\n"
    "Vous la retrouverez dans « Fiches actions » pour la reprendre quand vous voudrez."
)
SHEET_GONE = "Cette fiche n'existe plus (elle a peut-être été supprimée par un membre de votre collectivité)."
SHEET_LOCKED = (
    "Cette fiche a été soumise pour relecture entre-temps : elle n'est plus modifiable. "
    "Si l'équipe vous la renvoie, vous pourrez la corriger."
)

SUMMARY_TITLE = "📋 <b>{title}</b>"
SUMMARY_ENJEU = "Enjeu : {enjeu}"
SUMMARY_STATUS = "Statut : {status}"
MODIFIED_BY = "✍️ Modifiée par {who} le {day}"
SUBMITTED_BY = " · soumise par {who} le {day}"
ANSWERED_BY = "(réponse {of_who}, le {day})"  # « d'une personne… », « de Paul »
SUMMARY_SERVICES = "<b>Services</b> : {services}"
SUMMARY_FIELD = "<b>{label}</b> : {value}"
ATTACHMENTS = "📎 <b>Pièces jointes</b> ({count}) : {items}"
ATTACHMENT_PHOTO = "photo"
ATTACHMENT_DOCUMENT = "document « {name} »"
STAFF_COMMENT = "💬 <b>Commentaire de l'équipe</b> : {text}"
FILES_BUTTON = "📎 Pièces jointes ({count})"
FILES_TITLE = "📎 <b>Pièces jointes de « {title} »</b>"
FILES_HINT = "Touchez une pièce pour la retirer de la fiche. Vous pourrez l'envoyer de nouveau."
FILE_REMOVE = "🗑 {what}"
FILE_REMOVED = "🗑 Retiré de la fiche : {what}."
ATTACH_HINT = (
    "Vous pouvez envoyer ici des photos ou documents : je les joins à la fiche, et l'équipe du label "
    "peut les voir (l'association n'a pas précisé comment le jury en tient compte)."
)
EDIT_SERVICES = "✏️ Services"
EDIT_FIELD = "✏️ {label}"
SUBMIT = "📨 Soumettre pour relecture"
RESUBMIT = "📨 Soumettre à nouveau"
DELETE = "🗑 Supprimer le brouillon"
QUESTION_NOT_SAVED = "↩️ Je n'ai rien enregistré dans la fiche. Voici où vous en étiez :"
ANSWER_OR_QUESTION = "Je n'ai encore rien enregistré. Est-ce votre réponse (« {label} ») ou une question pour moi ?"
IT_IS_MY_ANSWER = "💾 C'est ma réponse"
IT_IS_A_QUESTION = "❓ C'est une question"
IT_WAS_MY_ANSWER = "💾 C'était ma réponse"
OLDER_TYPED_PROMPT = "Ce bouton concerne un message plus ancien. Utilisez ceux de votre dernier message."
READ_ONLY_SUBMITTED = (
    "Cette fiche est en relecture par l'équipe du label : vous ne pouvez pas la modifier pour l'instant. "
    "L'équipe vous répondra ici. Une erreur à signaler ? Écrivez-lui."
)
FILES_LEFT_WITH_PERSON = "📎 La fiche « {title} »{where} a perdu {what} : la personne qui {sent} a effacé ses données."
FILES_LEFT_ADD_AGAIN = "Vous pouvez en joindre d'autres depuis la fiche."
FILES_LEFT_STAFF_TOLD = "La fiche n'étant plus modifiable, l'équipe du label en est informée."
OPEN_SHEET = "📋 Ouvrir la fiche"
RECEIVE_FILES = "📎 Recevoir les pièces jointes ({count})"
READ_ONLY_VALIDATED = "Cette fiche a été validée par l'équipe du label."

MISSING = "Avant de soumettre, il manque : {fields}. Touchez un bouton ✏️ pour compléter."
SUBMIT_CONFIRM = (
    "{verb} « {title} » à l'équipe du label ?\nPendant la relecture, vous ne pourrez plus modifier la fiche."
)
SUBMIT_VERB = "Soumettre"
RESUBMIT_VERB = "Soumettre à nouveau"
SUBMIT_YES = "📨 Oui, soumettre"
SUBMIT_NO = "⬅️ Non, revenir à la fiche"
SUBMIT_ASKED_BELOW = "La question est juste en dessous : « Oui, soumettre » ou « Non »."
SUBMITTED = "📨 Fiche « {title} » soumise pour relecture. L'équipe du label vous répondra ici."
ALREADY_SUBMITTED = "Cette fiche est déjà soumise pour relecture."
ANOTHER_IN_ENJEU = "Une autre action pour « {enjeu} » ?"
ANOTHER_BUTTON = "➕ Oui, une autre action"
NEXT_ENJEU_BUTTON = "➡️ Enjeu suivant : {enjeu}"
ALL_COVERED = "Bravo : chaque enjeu de la mosaïque a au moins une fiche."

DELETE_CONFIRM = "Supprimer définitivement le brouillon « {title} » ? Ses réponses et pièces jointes seront perdues."
DELETE_YES = "🗑 Oui, supprimer"
DELETE_NO = "Non, garder"
DELETED = "Le brouillon « {title} » est supprimé."
NOT_DELETABLE = "Seul un brouillon peut être supprimé."

CONFLICT = (
    "⚠️ Pendant que vous répondiez, {other} a modifié « {label} ».\n\n"
    "Réponse enregistrée : « {current} »\n"
    "Votre réponse : « {mine} »\n\n"
    "Laquelle garder ?"
)
CONFLICT_MINE = "Garder ma réponse"
CONFLICT_THEIRS = "Garder l'autre réponse"
CONFLICT_KEPT_THEIRS = "C'est noté : la réponse {of_other} est conservée."
SOMEONE = "un autre membre de votre collectivité"

ATTACHED = "📎 {what} jointe à la fiche « {title} » ({count})."
ATTACHMENT_COUNT = ("pièce jointe", "pièces jointes")
ATTACHED_PHOTO = "Photo"
ATTACHED_DOCUMENT = "Pièce"
VOICE = "Je ne sais pas encore écouter les messages vocaux : écrivez votre réponse, s'il vous plaît."

NEED_COLLECTIVITY = (
    "Pour remplir les fiches actions, j'ai besoin de savoir pour quelle collectivité vous agissez. "
    "Tapez /profil pour l'indiquer."
)
MOSAIC_CAPTION = "Votre mosaïque {edition} : {sheets}, enjeux couverts : {covered} sur {total}."
EXPORT_EMPTY = "Votre dossier est encore vide : il n'y a rien à exporter."
EXPORT_DONE = "Voici votre dossier : le PDF à partager avec le conseil, et le tableur."
