"""Data tables for French normalisation: SMS spellings and synonyms.

Pure data, no logic beyond building lookup dictionaries, so the tables are
easy to extend.  Every key is written in natural (accent-free, lower-case)
French; `faq.normalize` stems the keys the same way as user text, so
"candidatures" or "candidater" reach the same canonical term.

* ``SMS``: one token -> replacement text (may be several words).
* ``SYNONYMS``: canonical term -> list of words or phrases mapped onto it.
  A phrase is matched on consecutive tokens *before* stop words are removed
  (so "communaute de communes" works).  Canonical terms are single tokens.
* ``KEEP_ORIGINAL``: words kept next to their canonical term, because the
  distinction can matter (village/ville -> commune).
* ``IMPLIES``: canonical term -> broader terms emitted with it.
"""

from __future__ import annotations

SMS: dict[str, str] = {
    "koi": "quoi", "kwa": "quoi", "quoa": "quoi",
    "kel": "quel", "kelle": "quelle", "kels": "quels", "kelles": "quelles",
    "ki": "qui", "ke": "que", "kan": "quand", "qd": "quand", "qand": "quand",
    "kand": "quand", "ds": "dans", "pr": "pour", "pour": "pour",
    "bcp": "beaucoup", "svpl": "svp", "bjr": "bonjour", "bsr": "bonsoir", "slt": "salut",
    "cb": "combien", "cbn": "combien", "cmb": "combien", "combin": "combien",
    "tt": "tout", "tte": "toute", "ts": "tous", "ttes": "toutes",
    "pk": "pourquoi", "pq": "pourquoi", "pkoi": "pourquoi", "pourkoi": "pourquoi",
    "dc": "donc", "jsp": "je ne sais pas", "chai": "je ne sais",
    "c": "c est", "g": "j ai", "ya": "il y a", "yen": "il y en",
    "cmt": "comment", "cmnt": "comment", "komment": "comment", "koment": "comment",
    "mm": "meme", "vs": "vous", "ns": "nous", "tjs": "toujours", "tjrs": "toujours",
    "qq": "quelques", "qqn": "quelqu un", "qqch": "quelque chose",
    "nb": "nombre", "nbr": "nombre", "mrc": "merci", "mci": "merci", "thx": "merci",
    "dsl": "desole", "rdv": "rendez vous", "asso": "association", "assoc": "association",
    "ptit": "petit", "ptite": "petite", "hab": "habitants", "hbts": "habitants",
    "mairies": "mairie", "infos": "information", "info": "information",
    "renseignement": "information", "renseignements": "information",
    "aujourd": "aujourd", "oki": "ok", "okay": "ok", "dacc": "d accord", "dac": "d accord",
    "pb": "probleme", "pbm": "probleme", "bno": "bon", "tel": "telephone",
    "fb": "facebook", "an": "annee", "ans": "annee", "annees": "annee",
    "com": "com", "quelqun": "quelqu un", "ca": "ca", "sa": "sa",
    "un": "un", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "seize": "16",
    "1er": "premier", "1ere": "premiere", "2eme": "deuxieme", "2e": "deuxieme",
    "mail": "email", "mails": "email", "courriel": "email", "mel": "email",
    "e": "e",
}

SYNONYMS: dict[str, list[str]] = {
    # intents ("what is": definition questions)
    "quoi": ["qu est ce que", "qu est ce qu", "qu est ce", "c est quoi", "ca veut dire",
             "veut dire", "signifie", "signifient", "veulent dire", "signification", "definition", "definir",
             "consiste", "en quoi consiste", "kesako"],
    "arobase": ["arobase", "arobas", "arrobase", "arobaz", "etoile"],
    "webinaire": ["webinaire", "webinar", "webinaires", "visio", "visioconference",
                  "reunion en ligne", "zoom", "teams", "reunion d information",
                  "session d information", "conference en ligne", "presentation en ligne"],
    "candidature": ["inscription", "inscrire", "inscrit", "candidater", "candidature",
                    "candidat", "postuler", "participer", "participation", "participant", "concourir",
                    "presenter sa candidature", "deposer"],
    "ficheaction": ["fiche action", "fiches actions", "fiche initiative",
                    "fiche d initiative", "fiche projet", "fiche d action"],
    "action": ["action", "initiative", "projet", "realisation numerique"],
    "commune": ["commune", "ville", "village", "mairie", "collectivite",
                "collectivite territoriale", "municipalite", "bourg", "metropole"],
    "interco": ["intercommunalite", "interco", "epci", "communaute de communes",
                "communaute d agglomeration", "communaute urbaine", "agglo",
                "com com", "comcom", "cc", "intercommunal"],
    "cout": ["cout", "couter", "coute", "prix", "tarif", "tarification", "combien coute",
             "cotisation", "payant", "payer", "gratuit", "gratuite", "frais",
             "c est combien", "ca fait combien", "combien ca coute", "combien pour",
             "montant", "budget", "facture", "euro", "euros", "cher"],
    "datelimite": ["date limite", "deadline", "cloture", "echeance", "date butoir",
                   "dernier delai", "fin des inscriptions", "fin des candidatures",
                   "jusqu a quand", "jusqu quand", "date de fin",
                   "jusqu a quelle date", "jusqu quelle date", "avant quelle date"],
    "panneau": ["panneau", "pancarte", "plaque", "signaletique", "panneaux"],
    "jury": ["jury", "jure", "jures"],
    "enjeu": ["enjeu", "theme", "thematique", "axe"],
    "categorie": ["categorie", "famille", "grande famille", "domaine"],
    "adhesion": ["adhesion", "adherer", "adherent", "membre", "cotiser", "affilie"],
    "ceremonie": ["ceremonie", "remise des prix", "remise du label",
                  "remise des labels", "remise des trophees", "palmares"],
    "evaluation": ["evaluer", "evaluation", "juger", "jugement", "noter", "notation",
                   "critere", "criteres"],
    "label": ["label", "labellisation", "labelliser", "labellise", "labelise",
              "labelisation", "distinction officielle"],
    "villesinternet": ["villes internet", "ville internet", "villes et villages internet",
                       "territoires villes et villages internet", "village internet",
                       "territoires internet", "territoire internet"],
    "contact": ["contacter", "joindre", "contact", "telephoner", "coordonnees"],
    "remplir": ["remplir", "rediger", "redaction", "ecrire", "saisir", "saisie", "completer",
                "renseigner"],
    "photo": ["photo", "image", "video", "illustration", "piece jointe", "visuel"],
    "officiel": ["officiel", "reconnu", "etat", "gouvernement", "ministere"],
    "exemple": ["exemple", "inspiration", "inspirer", "idee", "modele"],
    "president": ["president", "presidente", "preside", "dirige", "dirigeant"],
    "duree": ["duree", "valable", "validite", "perime", "expire", "combien de temps"],
    "anciennete": ["anciennete", "ancien", "vieux", "date de plus de"],
    "commencer": ["commencer", "debut", "demarrer", "ouverture", "ouvre", "ouvert",
                  "lancement", "lance"],
    "reunir": ["reunir", "reunion", "deliberation", "deliberer", "siege"],
    "classement": ["classement", "concours", "competition", "concurrence", "podium"],
    "donnees": ["donnees personnelles", "rgpd", "vie privee", "confidentialite", "mes messages",
                "mes conversations", "historique des messages", "mes donnees"],
    "equipe": ["equipe", "staff", "humain", "conseiller", "personne de l equipe"],
    "presse": ["presse", "journaliste", "media", "medias", "journal", "article", "interview",
               "reportage", "communique"],
    "obtenir": ["obtenir", "obtient", "obtiennent", "obtenu", "decrocher", "gagner",
                "remporter", "recevoir", "recoit", "attribue", "attribuer", "attribution",
                "decerne", "decerner", "delivre", "delivrer"],
    "type": ["type", "genre", "sorte", "nature", "forme", "quel genre", "quelle sorte"],
    "retour": ["retour", "compte rendu", "feedback", "avis", "commentaire", "appreciation",
               "debrief", "debriefing", "conseil pour progresser"],
    "ecologie": ["ecologie", "ecolo", "ecologique", "environnement", "environnemental",
                 "vert", "durable", "developpement durable", "climat", "transition ecologique"],
    "conserver": ["conserver", "garder", "stocker", "enregistrer", "sauvegarder", "archiver",
                  "memoriser", "retenir"],
    "bot": ["arobase l assistant", "assistant", "chatbot", "bot", "robot"],
    "tu": ["tu", "te", "toi", "t es"],  # addressing the bot (low weight, faq.lexicon)
    "procedure": ["demarche", "procedure", "marche a suivre", "modalite", "formalite",
                  "mode d emploi"],
    "eligible": ["eligible", "eligibilite", "avoir le droit", "a le droit", "ont le droit",
                 "ouvert a", "reserve a", "reserve aux", "condition", "prerequis"],
    "dossier": ["dossier", "formulaire", "questionnaire"],
    "quand": ["quand", "a quelle date", "quelle date", "a quel moment", "date"],
    "ou": ["ou", "a quel endroit", "quel endroit"],
    "combien": ["combien", "nombre", "quantite"],
}

KEEP_ORIGINAL: frozenset[str] = frozenset({"ville", "villes", "village", "villages", "date",
                                          "dates", "metropole"})

# canonical term -> more general terms emitted with it ("fiche action" is
# also a "fiche" and an "action"), so a query saying only "fiche" still hits.
IMPLIES: dict[str, tuple[str, ...]] = {
    "ficheaction": ("fiche", "action"),
    "villesinternet": ("label",),
    "datelimite": ("quand",),
}
