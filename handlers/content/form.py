"""The questions of an action sheet (data/formulaire.toml), in the order they are asked.

Staff change the form without touching code: labels, help lines, examples, limits, choices,
optional or not. Validated at start; errors name file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handlers.content.errors import ContentError, TomlFile

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
TYPES = ("texte", "choix", "choix_multiples", "date", "url")
MAX_LENGTH_LIMIT = 4000  # one Telegram message carries 4096 characters
DEFAULT_MAX_LENGTH = 1000
MAX_CHOICES = 12
CHOICE_MAX_CHARS = 40
QUESTION_KEYS = {
    "cle", "libelle", "question", "type", "obligatoire", "longueur_max", "aide", "exemple", "choix", "provisoire"
}  # fmt: skip
RESERVED_KEYS = {"services"}  # stored beside the answers


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    text: str
    type: str
    required: bool
    max_length: int
    help: str
    example: str
    choices: tuple[str, ...] = ()
    # Choices (or the question itself) not from the association: shown as provisional.
    provisional: bool = False

    @property
    def is_choice(self) -> bool:
        return self.type in ("choix", "choix_multiples")


@dataclass(frozen=True)
class Form:
    questions: tuple[Question, ...]

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def index(self, key: str) -> int:
        return next((i for i, q in enumerate(self.questions) if q.key == key), -1)

    @property
    def required(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.required)


def load_form(path: Path) -> Form:
    file = TomlFile(path)
    problems: list[str] = []
    for key in file.data:
        if key != "question":
            problems.append(f"{file.where(file.line_of_key(key) or file.line_of_table(key))}: {key} : clé inconnue")
    raw = file.data.get("question", [])
    if not isinstance(raw, list) or not raw:
        raise ContentError([*problems, f"{path}: aucune [[question]] trouvée"])
    questions: list[Question] = []
    seen: set[str] = set()
    for index, table in enumerate(raw):
        header = file.line_of_table("question", index)
        question = _question(table, file, header, problems)
        if question is None:
            continue
        if question.key in seen:
            problems.append(f"{file.where(header)}: cle « {question.key} » en double")
        seen.add(question.key)
        questions.append(question)
    title = next((q for q in questions if q.key == "titre"), None)
    if not problems and (title is None or title.type != "texte" or not title.required):
        problems.append(f'{path}: une question cle = "titre", de type "texte" et obligatoire, est nécessaire')
    if problems:
        raise ContentError(problems)
    return Form(tuple(questions))


def _question(table: dict, file: TomlFile, header: int, problems: list[str]) -> Question | None:
    def where(key: str) -> str:
        return file.where(file.line_of_key(key, header) or header)

    before = len(problems)
    for key in table:
        if key not in QUESTION_KEYS:
            problems.append(
                f"{where(key)}: question.{key} : clé inconnue (attendues : {', '.join(sorted(QUESTION_KEYS))})"
            )
    key = table.get("cle")
    if not isinstance(key, str) or not KEY_RE.match(key) or key in RESERVED_KEYS:
        problems.append(
            f"{where('cle')}: cle : minuscules, chiffres et « _ » (24 caractères au plus, pas « services »)"
        )
    for name, limit in (("libelle", 40), ("question", 300), ("aide", 300), ("exemple", 300)):
        value = table.get(name, "")
        required = name in ("libelle", "question")
        if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
            problems.append(
                f"{where(name)}: {name} : un texte{' non vide' if required else ''} de {limit} caractères au plus"
            )
    kind = table.get("type")
    if kind not in TYPES:
        problems.append(f"{where('type')}: type : {', '.join(TYPES)} (reçu {kind!r})")
    required = table.get("obligatoire", False)
    if not isinstance(required, bool):
        problems.append(f"{where('obligatoire')}: obligatoire : true ou false")
    max_length = table.get("longueur_max", DEFAULT_MAX_LENGTH)
    if isinstance(max_length, bool) or not isinstance(max_length, int) or not 1 <= max_length <= MAX_LENGTH_LIMIT:
        problems.append(f"{where('longueur_max')}: longueur_max : un nombre de 1 à {MAX_LENGTH_LIMIT}")
    choices = table.get("choix", [])
    if kind in ("choix", "choix_multiples"):
        if (
            not isinstance(choices, list)
            or not 2 <= len(choices) <= MAX_CHOICES
            or not all(isinstance(c, str) and c.strip() and len(c) <= CHOICE_MAX_CHARS for c in choices)
            or len(set(choices)) != len(choices)
        ):
            problems.append(
                f"{where('choix')}: choix : de 2 à {MAX_CHOICES} réponses différentes "
                f"de {CHOICE_MAX_CHARS} caractères au plus"
            )
    elif "choix" in table:
        problems.append(f'{where("choix")}: choix : seulement pour les types "choix" et "choix_multiples"')
    provisional = table.get("provisoire", False)
    if not isinstance(provisional, bool):
        problems.append(f"{where('provisoire')}: provisoire : true ou false")
    if len(problems) > before:
        return None
    assert isinstance(kind, str)  # one of TYPES, checked above
    return Question(
        key=key,
        label=table["libelle"].strip(),
        text=table["question"].strip(),
        type=kind,
        required=required,
        max_length=max_length,
        help=table.get("aide", "").strip(),
        example=table.get("exemple", "").strip(),
        choices=tuple(c.strip() for c in choices) if kind in ("choix", "choix_multiples") else (),
        provisional=provisional is True,
    )
