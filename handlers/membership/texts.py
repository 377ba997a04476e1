"""French texts of memberships: asking to join a dossier, deciding, inviting, the team."""

from __future__ import annotations

NEED_ACCESS = (
    "📋 Le dossier {of_name_b} est réservé à ses membres : les fiches d'une collectivité "
    "ne se partagent qu'avec les personnes qu'elle reconnaît."
)
FIRST_PERSON = "Personne n'y a encore accès : l'équipe du label vérifiera votre demande."
HAS_MEMBERS = "Je peux transmettre votre demande aux membres {of_name} et à l'équipe du label."
ASK_BUTTON = "📨 Demander l'accès"
NOT_MINE_BUTTON = "✏️ Ce n'est pas ma collectivité"
MAIN_MENU = "🏠 Menu principal"
TEAM_BUTTON = "👥 Équipe"
REQUEST_SENT = "📨 C'est envoyé : votre demande d'accès au dossier {of_name_b} est {to}."
TO_STAFF = "entre les mains de l'équipe du label"
TO_MEMBERS = "transmise à ses membres et à l'équipe du label"
MEANWHILE = (
    "En attendant, vous pouvez déjà préparer vos fiches : vous seul·e les voyez, "
    "et vous pourrez les soumettre une fois votre accès validé."
)
PENDING_BANNER = "⏳ Accès {waiting} : vos fiches restent privées et ne peuvent pas encore être soumises."
WAITING_STAFF = "en attente de validation par l'équipe du label"
WAITING_MEMBERS = "en attente de validation par un membre {of_name} ou par l'équipe du label"
CANNOT_SUBMIT = "⏳ Vous pourrez soumettre vos fiches quand votre accès au dossier sera validé ({waiting})."
CANNOT_SUBMIT_REFUSED = (
    "🚫 Votre demande d'accès au dossier {of_name_b} a été refusée : cette fiche reste privée et ne peut pas être "
    "soumise. Si c'est une erreur, demandez une invitation à un membre {of_name}, ou écrivez à l'équipe du label "
    "(/ecrire)."
)
REFUSED = (
    "Votre demande d'accès au dossier {of_name_b} a été refusée{reason}. "
    "Si c'est une erreur, demandez une invitation à un membre {of_name}, ou écrivez à l'équipe du label (/ecrire)."
)
REMOVED = "Vous n'avez plus accès au dossier {of_name_b}."

# -- notices (through the outbox) ---------------------------------------------------------------
REQUEST_NOTICE = (
    "👥 <b>Demande d'accès au dossier {of_collectivity}</b>\n"
    "{who}\n"
    "{place}\n"
    "Demandée le {when}.\n\n"
    "Cette personne agit-elle bien pour {collectivity} ?"
)
ACCEPT = "✅ Accepter"
REFUSE = "❌ Refuser"
ACCEPTED_NOTICE = "✅ Votre accès au dossier {of_name_b} est validé{by}. Vous pouvez remplir et soumettre vos fiches."
REFUSED_NOTICE = (
    "Votre demande d'accès au dossier {of_name_b} n'a pas été acceptée{reason}. "
    "Si c'est une erreur, demandez une invitation à un membre {of_name}, ou écrivez à l'équipe du label "
    "(bouton ci-dessous)."
)
REMOVED_NOTICE = "Vous n'avez plus accès au dossier {of_name_b}{by}."
JOINED_NOTICE = "👥 {who} a rejoint le dossier {of_name_b} grâce à votre invitation."
OPEN_DOSSIER = "📋 Mon dossier"

# -- deciding -------------------------------------------------------------------------------------
DECIDED_ACCEPT = "✅ {who} a maintenant accès au dossier {of_name}. Je l'ai prévenu·e."
DECIDED_REFUSE = "Demande refusée. {who} en est informé·e."
ALREADY_DECIDED = "Cette demande a déjà été traitée : {outcome}{by}."
OUTCOMES = {"active": "acceptée", "refusee": "refusée", "retiree": "acceptée puis retirée", "demandee": "en attente"}
BY = " par {who}"
ASK_REASON = "Pourquoi refuser la demande de {who} ? Touchez un motif, ou écrivez-le en une phrase."
REASONS = {
    "inconnu": "cette personne n'agit pas pour la collectivité",
    "doublon": "demande en double",
}
NO_REASON = "Sans motif"
KEEP_WAITING = "↩️ Ne pas refuser"
ACCEPT_CONFIRM = (
    "Donner accès au dossier {of_name_b} à {who} ? "
    "Cette personne pourra lire, modifier et soumettre toutes les fiches du dossier."
)
YES_ACCEPT = "✅ Oui, donner l'accès"
NOT_NOW = "↩️ Non, pas maintenant"
STILL_WAITING = "Rien n'est décidé : la demande de {who} reste en attente."
# The same reasons as the refused person reads them (the ones above speak of them to the decider).
REASONS_TO_THEM = {REASONS["inconnu"]: "vous n'êtes pas connu·e comme agissant pour la collectivité"}
REASON_TOO_LONG = "Ce motif fait {length} caractères : {limit} au plus, s'il vous plaît."

# -- staff queue ----------------------------------------------------------------------------------
QUEUE_TITLE = "👥 <b>Demandes d'accès en attente</b> : {count}, les plus anciennes d'abord"
QUEUE_EMPTY = "👥 Aucune demande d'accès en attente."
QUEUE_LINE = "{who}\n{place}\nDemandée le {when}."

# -- invitations ----------------------------------------------------------------------------------
INVITATION = (
    "🔗 <b>Invitation au dossier {of_name}</b>\n"
    "Transmettez ce lien à votre collègue (il ne sert qu'une fois, pendant 7 jours) :\n"
    "{link}\n\n"
    "En l'ouvrant, votre collègue rejoint le dossier ; je vous préviendrai."
)
INVITATION_CONSOLE = (
    "🔗 <b>Invitation au dossier {of_name}</b>\n"
    "Dans la console (sans Telegram), votre collègue tape cette commande dans la sienne "
    "(elle ne sert qu'une fois, pendant 7 jours) :\n"
    "<code>{command}</code>\n\n"
    "Votre collègue rejoint alors le dossier ; je vous préviendrai."
)
NO_BOT_NAME = "Je ne peux pas fabriquer le lien pour l'instant (nom du bot inconnu). Réessayez dans un moment."
INVITATION_INVALID = (
    "Ce lien d'invitation n'est plus valable : il a déjà servi, il a expiré ou il est incomplet. "
    "Demandez un nouveau lien à votre collègue."
)
INVITATION_INTRO = (
    "👥 Vous êtes invité·e à rejoindre le dossier {of_name_b}. "
    "Il me faut d'abord quelques informations, une seule fois."
)
ALREADY_MEMBER = "Vous faites déjà partie du dossier {of_name_b} : inutile d'utiliser ce lien."
JOINED = "✅ Bienvenue dans le dossier {of_name_b}."
INVITATION_PENDING = (
    "👥 Vous n'avez pas encore rejoint le dossier : rouvrez le lien de votre collègue pour continuer "
    "(il sert une fois, tant qu'il n'a pas expiré)."
)
JOIN_ALSO = (
    "👥 Vous êtes invité·e à rejoindre le dossier {of_name_b}.\n"
    "Vous travaillez aujourd'hui sur le dossier {of_current_name_b} : {kept}\n\n"
    "Rejoindre le dossier {of_name_b} ?"
)
KEPT_MEMBER = "vous en restez membre et vous passerez de l'un à l'autre depuis « Mon équipe » (/equipe)."
KEPT_REQUEST = "votre demande d'accès y reste en attente."
JOIN_PLAIN = "👥 Rejoindre le dossier {of_name_b} ?"
NOT_JOINED = "D'accord : vous n'avez pas rejoint le dossier. Le lien reste valable jusqu'au {until}."
NO_THANKS = "Non merci"
YES_JOIN = "✅ Oui, rejoindre"
NO_STAY = "Non, rester sur mon dossier"
STAYED = "D'accord : vous restez sur le dossier {of_current_name_b}. Le lien reste valable jusqu'au {until}."
JOINED_ALSO = "Pour revenir au dossier {of_current_name_b} : /equipe, bouton 🔁."
ONLY_MEMBERS_INVITE = "Seuls les membres d'un dossier peuvent inviter des collègues."

# -- team -----------------------------------------------------------------------------------------
TEAM_TITLE = "👥 <b>Équipe du dossier {of_name}</b>"
TEAM_LINE = "• {who}, depuis le {since}"  # who: name (role, e-mail)
TEAM_PENDING = "<b>Demandes en attente</b>"
TEAM_EMPTY = "Personne n'a encore accès à ce dossier."
UNKNOWN_CODE = "Aucune collectivité de code « {code} » n'a encore de dossier dans le bot (code INSEE ou SIREN)."
TEAM_PENDING_LINE = "• {who} — demandée le {when}"
INVITE_BUTTON = "➕ Inviter un·e collègue"
LEAVE_BUTTON = "🚪 Quitter ce dossier"
REMOVE_BUTTON = "Retirer {who}"
SWITCH_BUTTON = "🔁 Dossier {of_name}"
LEAVE_CONFIRM = "Quitter le dossier {of_name_b} ? Vous n'y aurez plus accès ; vos réponses y restent."
REMOVE_CONFIRM = "Retirer <b>{who}</b> du dossier {of_name} ? Son accès s'arrête tout de suite ; ses réponses restent."
YES_LEAVE = "🚪 Oui, quitter"
YES_REMOVE = "Oui, retirer"
NO_KEEP = "Non"
LEFT = "C'est fait : vous ne faites plus partie du dossier {of_name}."
REMOVED_DONE = "C'est fait : {who} n'a plus accès au dossier {of_name}."
NOT_MEMBER_ANYMORE = "Cette personne ne fait déjà plus partie du dossier."
REQUEST_GONE = "Cette demande n'existe plus : la personne a effacé ses données."
NO_LONGER_MANAGING = "Vous n'avez plus accès à ce dossier : rien n'a été enregistré."
SWITCHED = "Vous travaillez maintenant sur le dossier {of_name_b}."

ERASED_PERSON = "une personne qui a supprimé ses données"
