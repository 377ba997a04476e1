"""Word lists used by the matcher: stop words and scope lexicons.

Pure data (accent-free, lower-case natural French; `faq.normalize` turns
them into the same canonical tokens as user text).

* ``STOP_WORDS``: removed before matching.  Interrogatives that carry the
  intent (quand, combien, qui, ou, comment, pourquoi, quoi) are NOT here.
* ``DOMAIN_WORDS``: vocabulary of the label; a weak match that still uses it
  is UNKNOWN (in scope, not known) rather than OUT_OF_SCOPE.
* ``CORE_WORDS``: words that can only be about this label; they overrule
  the off-topic lexicon below.
* ``OFF_TOPIC_WORDS``: everyday topics a town-hall user may ask about that
  are not the label (weather, taxes, civil status, town planning, waste,
  school canteen, elections, IT support, HR, other labels...).  A message
  using them without any core word is OUT_OF_SCOPE.
* ``OTHER_LABELS``: other labels and schemes; decisive unless the message
  also names this label unambiguously (``OWN_LABEL_WORDS``, "5@").
"""

from __future__ import annotations

STOP_WORDS: frozenset[str] = frozenset("""
a au aux avec ce ceci cela celle celles celui ceux ces cet cette c ca d dans de des du
elle elles en et etre est sont etait ete sera seront serait suis es sommes etes
ai as avons avez ont avait avoir aura aurons auront aurait
il ils j je l la le les leur leurs lui m ma me mes moi mon n ne nos notre nous on
par pas pour qu que quel quelle quelles quels s sa se ses si son sur t ta te tes toi
ton un une vos votre vous y
mais donc or ni car puis alors via aussi encore deja bien tres trop peu plus moins
tout tous toute toutes chaque autre autres meme
peut peuvent pouvons pouvez peux pourrait pourrions pourriez pouvoir possible
faut doit doivent dois devons devez devoir falloir
fait faire fais faites font
voudrais voudrions voulons veux veut vouloir aimerais aimerions souhaite souhaiterais
souhaitons souhaitez savoir sais sait dire dites connaitre
bonjour bonsoir salut hello coucou merci svp stp plait madame monsieur mme mr
question questions demande information svp please
ok oui non si bon bah ben euh hein voila
cest ya estce ici vraiment exactement concretement svp
eu eue eus aurai aurais aurait aurions auriez auraient aurez avais avait avions aviez avaient
etais etait etions etiez etaient serai serais serions seriez soit soient fut
""".split())

# Context words frequent in users' messages but weak evidence of the topic
# (roles, time); their weight is multiplied by the factor.  Single digits and
# years are handled the same way in `faq.index`.
LOW_WEIGHT: dict[str, float] = {
    "maire": 0.3, "adjoint": 0.3, "secretaire": 0.3, "dgs": 0.3, "agent": 0.5,
    "annee": 0.4, "an": 0.4, "mois": 0.4, "semaine": 0.4, "jour": 0.4, "fois": 0.3,
    "moment": 0.5, "aujourd": 0.3, "hui": 0.3, "maintenant": 0.4,
    "tu": 0.5, "explication": 0.4, "expliquer": 0.4, "detail": 0.4, "precision": 0.4, "voir": 0.5,
}
# Words giving the type of the question (time, cost, person, place, manner...):
# matching the question type matters, their weight is multiplied by
# `faq.index.Params.intent_boost`.
INTENT_WORDS: tuple[str, ...] = (
    "quand", "combien", "qui", "ou", "comment", "pourquoi", "cout", "date limite", "duree",
    "eligible", "procedure", "type", "exemple", "contact",
)
# Words too general to be the only evidence for an entry ("où", "c'est quoi",
# "label"): a message matching an entry through them alone is declined
# unless the entry explains most of the message.
GENERIC_WORDS: tuple[str, ...] = ("quand", "combien", "qui", "ou", "comment", "pourquoi", "quoi",
                                 "label", "commune")
NUMBER_WEIGHT = 0.3
"""Factor for 1-digit numbers and 4-digit years ("on a eu 2@", "lancé en 2019")."""

DOMAIN_WORDS: tuple[str, ...] = (
    "label", "labellisation", "labellise", "villes internet", "arobase", "fiche",
    "fiche action", "action", "jury", "enjeu", "mosaique", "candidature", "webinaire",
    "numerique", "panneau", "ceremonie", "adhesion", "association", "atlaas",
    "service", "services numeriques", "mention", "distinction", "excellence",
    "dossier", "referentiel", "categorie", "palmares", "comite d orientation",
    "sources de confiance", "congres", "cites en reseaux", "inclusion", "sobriete",
    "assistant", "bot", "edition", "arobase verte", "hors concours",
)

CORE_WORDS: tuple[str, ...] = (
    "label", "labellisation", "labellise", "villes internet", "atlaas", "mosaique",
    "fiche action", "arobase verte", "territoire d excellence numerique",
    "cites en reseaux", "sources de confiance",
)

# Words naming THIS label unambiguously: they overrule OTHER_LABELS.
OWN_LABEL_WORDS: tuple[str, ...] = ("villes internet", "atlaas", "mosaique", "arobase verte")

OFF_TOPIC_WORDS: tuple[str, ...] = (
    # weather, general knowledge, leisure, shopping
    "meteo", "pluie", "pleuvoir", "pleut", "neige", "neiger", "orage", "canicule", "tempete",
    "grele", "vent", "froid", "chaleur", "temperature", "capitale", "blague", "raconte",
    "traduis", "traduire", "traduction", "anglais", "poeme", "chanson", "musique", "film",
    "cinema", "recette", "cuisine", "gateau", "blanquette", "restaurant", "hotel", "voyage",
    "vacances", "jardin", "jardinage", "planter", "potager", "tomate", "match", "football",
    "foot", "rugby", "tennis", "psg", "coupe du monde", "championnat", "discours", "voeux",
    "horoscope", "amazon", "promo", "republique", "macron",
    "guerre", "bourse", "bitcoin", "crypto",
    # taxes, money, HR
    "impot", "impots", "taxe", "fonciere", "taxe d habitation", "tva", "urssaf", "fiscal",
    "declaration de revenus", "auto entrepreneur", "fiche de paie", "paie", "salaire",
    "conges", "retraite", "mutuelle", "arret maladie", "chomage", "pole emploi",
    "france travail", "caf", "rsa", "apl", "ccas", "logement social", "hlm",
    "banque", "titularisation", "concours administratif", "avancement de grade",
    # neighbours, justice, police, animals
    "voisin", "voisins", "voisinage", "bruit", "haie", "tapage", "nuisance", "chien",
    "animal", "pigeon", "frelon", "tribunal", "assises", "avocat", "plainte", "police",
    "gendarmerie", "amende", "contravention", "stationnement", "parking", "radar", "vitesse",
    "stop", "vol", "cambriolage", "divorce", "heritage", "succession", "notaire",
    # civil status, elections, burial
    "carte d identite", "passeport", "acte de naissance", "naissance", "mariage", "pacs",
    "deces", "livret de famille", "etat civil", "nationalite", "titre de sejour",
    "carte grise", "permis de conduire", "recensement", "cimetiere", "obseques", "funeraire",
    "election", "elections", "electorale", "procuration", "bureau de vote", "liste electorale",
    # town planning, roads, waste, water, energy
    "permis de construire", "permis", "plu", "cadastre", "urbanisme", "veranda", "piscine",
    "declaration prealable", "lotissement", "toiture", "voirie",
    "trottoir", "nid de poule", "lampadaire", "poubelle", "ordures", "encombrant",
    "encombrants", "dechetterie", "dechet", "compost", "recyclage", "eau potable",
    "assainissement", "fuite d eau", "eclairage public", "agglomeration", "abime",
    "vandalise", "electricite", "edf", "chauffage", "facture d eau",
    # school, childhood
    "cantine", "periscolaire", "creche", "garderie", "rentree scolaire", "centre de loisirs",
    "vacances scolaires", "nounou",
    # IT support
    "box", "imprimante", "imprimer", "ordinateur", "pc", "clavier", "souris", "logiciel",
    "windows", "mac", "virus", "smartphone", "iphone", "android", "reinitialiser",
    "mot de passe", "messagerie", "outlook", "gmail", "adresse email", "panne", "reparer",
    "ecran noir", "batterie", "forfait", "operateur",
    "fibre", "4g", "5g",
    # transport, post, health
    "bus", "train", "sncf", "la poste", "colis", "medecin", "hopital", "pharmacie",
    "vaccin", "pompier", "pompiers", "samu", "horaire", "horaires", "logement",
    "aide au logement", "essence", "carburant",
    # funding schemes (not the label)
    "detr", "dsil", "subvention", "fonds vert", "appel d offres",
)

OTHER_LABELS: tuple[str, ...] = (
    "fleuri", "fleuris", "ville amie des enfants", "marianne", "pavillon bleu",
    "station verte", "plus beaux villages de france", "ville active et sportive", "citergie",
    "terre saine", "ville prudente", "art et d histoire", "ecoquartier", "qualiopi",
    "petites villes de demain", "coeur de ville", "label rge", "ville sportive",
    "commune touristique", "station classee", "unesco", "ecolabel",
    "qualite tourisme",
)
