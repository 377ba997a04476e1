"""French texts shared by several flows: vouvoiement, short, written for a phone."""

WELCOME_NEW = (
    "Bonjour{name} ! Je suis <b>Arobase</b>, l'assistant du label "
    "<b>Territoires, Villes et Villages Internet</b>.\n\n"
    "Je réponds à vos questions sur le label, je vous inscris au webinaire "
    "d'information et je vous aide à remplir vos fiches actions."
)
ASK_ROLE = "Pour commencer, qui êtes-vous ?"
ASK_ROLE_AGAIN = "Et pour mieux vous guider ensuite : qui êtes-vous ?"
WELCOME_BACK = "Bonjour{name} ! Que souhaitez-vous faire ?"
MENU = "Que souhaitez-vous faire ?"
MAIN_MENU_BUTTON = "🏠 Menu principal"
STAFF_TOOLS = "🛠 Outils de l'équipe"
STAFF_TOOLS_TITLE = "🛠 <b>Outils de l'équipe du label</b>"
STAFF_HELP_TITLE = "<b>Pour l'équipe du label</b>"
ROLE_SAVED = "C'est noté, merci."
TAP_A_BUTTON = "Touchez l'un des boutons ci-dessous, s'il vous plaît."
TYPED_NOT_SAVED = "↩️ Je n'ai rien enregistré : ici, il faut toucher l'un des boutons ci-dessous."
LATER_FAILED = "Désolé, je n'ai pas pu terminer. Réessayez dans un moment."

HELP = (
    "<b>Ce que je sais faire</b>\n"
    "• Répondre à vos questions sur le label : écrivez-les simplement.\n"
    "• Vous inscrire au webinaire d'information.\n"
    "• Vous guider pour remplir vos fiches actions, enjeu par enjeu.\n\n"
    "<b>Commandes</b>"
)
# How /aide words a command whose own description is written for Telegram's command menu.
HELP_COMMANDS = {
    "menu": "le menu principal",
    "annuler": "quitter l'étape en cours (rien n'est perdu)",
    "profil": "vos informations",
    "fiches": "vos fiches actions",
    "equipe": "l'équipe de votre dossier",
    "inviter": "inviter un·e collègue dans votre dossier",
    "webinaire": "vous inscrire au webinaire d'information",
    "mesinscriptions": "vos inscriptions au webinaire",
    "rappels": "recevoir ou non les rappels et annonces",
    "ecrire": "écrire à l'équipe du label",
    "mesdonnees": "voir vos données",
    "effacer": "effacer vos données",
    "aide": "ce message",
}

CANCELLED = "C'est annulé. Ce que vous aviez déjà enregistré est conservé."
NOTHING_TO_CANCEL = "Il n'y a rien en cours à annuler."
STALE_BUTTON = "Cette action n'est plus disponible."
STALE_BUTTON_MESSAGE = "Ce bouton n'est plus valable. Voici le menu :"
STALE_BUTTON_IN_FLOW = "Ce bouton n'est plus valable. Voici où vous en êtes :"
UNKNOWN_COMMAND = "Je ne connais pas la commande /{command}. Tapez /aide pour voir ce que je sais faire."
COMMAND_IN_FLOW = (
    "Vous êtes en cours de saisie. Répondez à la question ci-dessous, "
    "ou tapez /annuler pour quitter (rien n'est perdu)."
)
COMMAND_WITH_WORDS_IN_FLOW = (
    "Je n'ai pas lancé /{command} : votre message commence par « / ». Si c'était votre réponse, "
    "renvoyez-la sans le « / » du début ; pour quitter, tapez /annuler."
)
TOO_LONG = "Votre message est trop long ({length} caractères). Merci de l'écrire en {limit} caractères au plus."
PASTE_CONTINUATION = (
    "Ce message est la suite du précédent, que Telegram a coupé car il était trop long : je ne "
    "l'enregistre pas. Envoyez un texte plus court, en un seul message."
)
ONLY_TEXT = {
    "sticker": "Joli autocollant ! Je ne lis que le texte, écrivez-moi votre question en quelques mots.",
    "photo": "Je ne sais pas lire les images ici. Écrivez-moi votre question en quelques mots.",
    "document": "Je ne peux pas traiter ce fichier ici. Écrivez-moi votre question en quelques mots.",
    "voice": "Je ne peux pas écouter les messages vocaux. Écrivez-moi votre question, s'il vous plaît.",
    "location": "Merci, mais je n'ai pas besoin de votre position. Écrivez-moi votre question.",
    "other": "Je ne sais pas traiter ce type de message. Écrivez-moi votre question en quelques mots.",
}
EXPECTED_TEXT_IN_FLOW = {
    "sticker": "J'attends une réponse écrite, pas un autocollant.",
    "photo": "J'attends une réponse écrite ici.",
    "document": "J'attends une réponse écrite ici.",
    "voice": "Je ne peux pas écouter les messages vocaux : écrivez votre réponse, s'il vous plaît.",
    "location": "J'attends une réponse écrite ici, pas une position.",
    "other": "J'attends une réponse écrite ici.",
}
TECHNICAL_ERROR = (
    "Désolé, un problème technique m'empêche de répondre. Ce que vous aviez enregistré "
    "avant est conservé. Réessayez dans un instant ou tapez /menu."
)
COMING_SOON = "Cette fonction arrive bientôt. En attendant, posez-moi vos questions sur le label."

ROLE_LABELS = {
    "maire": "Maire",
    "elu": "Élu·e",
    "agent": "Agent·e",
    "autre": "Autre",
}
NO_LONGER_STAFF = "Vous ne faites plus partie de l'équipe du label : ce que vous écriviez n'a pas été envoyé."
REPLY_REFUSED = (
    "⚠️ Telegram a refusé d'afficher un de mes messages ({why}). "
    "Si c'était le vôtre (une diffusion, une réponse…), vérifiez sa mise en forme ; sinon, signalez-le à l'équipe."
)
