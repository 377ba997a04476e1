"""French texts of the questions feature."""

ASK = (
    "Posez-moi votre question en quelques mots. "
    "Par exemple : « Qui peut participer ? » ou « Quelle est la date limite ? »"
)
DID_YOU_MEAN = "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :"
NONE_OF_THESE = "Aucune de celles-ci"
REPHRASE = (
    "Dites-le-moi autrement, en quelques mots : je chercherai de nouveau.\n\n"
    "Ou bien je transmets votre question à l'équipe du label, qui vous répondra ici."
)
UNKNOWN = (
    "Je n'ai pas la réponse à cette question. "
    "Voulez-vous que je la transmette à l'équipe du label ? Elle vous répondra ici."
)
NOT_GIVEN = (
    "Je n'ai pas cette information. "
    "Voulez-vous que je transmette votre question à l'équipe du label ? Elle vous répondra ici."
)
OUT_OF_SCOPE = (
    "Je ne suis pas sûr que votre message porte sur le label <b>Territoires, Villes et Villages "
    "Internet</b> : c'est le seul sujet que je connais.\n\n"
    "S'il porte bien sur le label, je le transmets à l'équipe, qui vous répondra ici."
)
FORWARD = "📨 Transmettre à l'équipe"
NO_THANKS = "Non merci"
MORE = "En savoir plus"
# The step an answer leads to (an entry's `action` in faq/data/faq.toml).
REGISTER_WEBINAR = "🖥 S'inscrire"
MY_SHEETS = "📝 Mes fiches actions"
MY_DATA = "🔐 Mes données"
MY_REGISTRATIONS = "🗂 Mes inscriptions"
MY_REMINDERS = "🔕 Rappels et annonces"
WRITE = "✉️ Écrire à l'équipe"
WRITE_ASK = (
    "Écrivez votre message à l'équipe du label, en un seul message : je le lui transmets, "
    "et elle vous répondra ici.\n\n<i>/annuler pour renoncer.</i>"
)
WRITE_TEXT_ONLY = "Je ne peux transmettre que du texte : écrivez votre message, s'il vous plaît."
WRITE_TOO_SHORT = "Votre message est un peu court : dites en une phrase ce que vous souhaitez, s'il vous plaît."
WRITE_TOO_LONG = (
    "Votre message est trop long pour être transmis ({length} caractères, {limit} au plus). "
    "Raccourcissez-le, s'il vous plaît : l'équipe pourra vous demander des précisions."
)
FORWARDED_QUOTED = "C'est transmis ✅ : « {question} ». L'équipe du label vous répondra ici dès que possible."
FORWARDED = "C'est transmis ✅ L'équipe du label vous répondra ici dès que possible."
ALREADY_FORWARDED = "Votre question a déjà été transmise à l'équipe."
NOTHING_TO_FORWARD = "Je n'ai plus votre question en mémoire. Écrivez-la de nouveau, s'il vous plaît."
OK_NO_FORWARD = "Très bien. Vous pouvez poser une autre question quand vous voulez."
SEE_ALSO = "Voir aussi :"
SMALLTALK = {
    "greeting": "Bonjour ! Posez-moi votre question sur le label, ou tapez /menu.",
    "thanks": "Avec plaisir ! N'hésitez pas si vous avez une autre question.",
    "yes": "D'accord. Que souhaitez-vous savoir ? Vous pouvez aussi taper /menu.",
    "no": "Entendu. Je reste à votre disposition : tapez /menu à tout moment.",
    "goodbye": "À bientôt !",
    "insult": "Je fais de mon mieux. Reformulez votre question, ou tapez /menu.",
    "lost": (
        "Pas d'inquiétude, je vous guide. Je réponds à vos questions sur le label, je vous inscris "
        "au webinaire d'information et je vous aide à remplir vos fiches actions, une question à la fois. "
        "Touchez un bouton ci-dessous, ou posez votre question en quelques mots."
    ),
}
STAFF_NEW_QUESTION = "❓ Nouvelle question de {who} :\n« {question} »\n\nRépondez avec /questions."
STAFF_LIST_EMPTY = "Aucune question en attente. 🎉"
STAFF_LIST_HEADER = "<b>Questions en attente</b> ({count}), les plus anciennes d'abord :"
STAFF_ASK_ANSWER = "Écrivez votre réponse à la question de {who} :\n« {question} »\n\n(/annuler pour abandonner)"
STAFF_ANSWER_SENT = "Réponse envoyée à {who}. ✅"
STAFF_PREVIEW = "👀 <b>Aperçu</b> : voici exactement ce que recevra {who} 👇"
STAFF_SEND = "📨 Envoyer"
STAFF_EDIT = "✏️ Modifier"
STAFF_DROP = "✖️ Annuler"
STAFF_NOT_SENT = "Votre réponse à {who} n'a pas été envoyée : la question reste en attente dans /questions."
STAFF_DROPPED = "Réponse abandonnée : rien n'a été envoyé, la question reste en attente dans /questions."
STAFF_ALREADY_ANSWERED = "Cette question a déjà été traitée."
STAFF_CHOOSE_ENTRY = "À quelle entrée de la FAQ rattacher « {question} » ?"
STAFF_ATTACHED = "C'est fait : « {question} » est désormais une formulation de « {entry} »."
STAFF_CLOSED = "Question close sans réponse."
STAFF_CLOSED_TOLD = "Question close sans réponse ; {who} en est prévenu·e."
STAFF_CLOSE_CONFIRM = "Clore sans réponse la question de {who} ?\n« {question} »"
STAFF_CLOSE_TELL = "📨 Clore et prévenir la personne"
STAFF_CLOSE_SILENT = "Clore sans prévenir (spam, doublon)"
STAFF_KEEP = "↩️ Laisser la question ouverte"
STAFF_KEPT = "La question reste ouverte dans /questions."
ASKER_CLOSED = (
    "📭 L'équipe du label a lu votre question :\n« {question} »\n\n"
    "Elle l'a close sans réponse écrite ici (par exemple parce qu'elle y a répondu autrement). "
    "Si votre question tient toujours, vous pouvez la reposer ici."
)
ASKER_ANSWER = "💬 <b>Réponse de l'équipe du label</b> à votre question :\n« {question} »\n\n{answer}"
