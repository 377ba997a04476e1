"""What `arobase check-config` points out in content that loads fine but should not stay as is:
values that are not the association's (provisional), webinar sessions already past, example
links still in place. One line each, with the file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from handlers.content.form import Form
from handlers.content.matrix import Matrix
from handlers.content.sessions import WebinarCatalogue

EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")


def is_example_link(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in EXAMPLE_HOSTS)


def session_warnings(catalogue: WebinarCatalogue, path: Path, now: datetime) -> list[str]:
    lines = []
    for session in catalogue.sessions:
        when = session.when(catalogue.zone)
        if session.end <= now:
            lines.append(f"{path}: séance « {session.id} » ({when}) déjà passée : retirez-la ou mettez-la à jour")
        if session.provisional:
            lines.append(f"{path}: séance « {session.id} » ({when}) marquée provisoire : une séance d'exemple")
        if is_example_link(session.link):
            lines.append(f"{path}: séance « {session.id} » : le lien {session.link} est un exemple, pas le vrai lien")
    return lines


def provisional_warnings(matrix: Matrix, matrix_path: Path, form: Form, form_path: Path) -> list[str]:
    lines = [
        f"{matrix_path}: enjeu « {e.code} » : nom provisoire « {e.name} » (a_confirmer), à confirmer par l'association"
        for e in matrix.enjeux
        if e.awaiting_confirmation
    ]
    if matrix.source != "officiel":
        lines.append(
            f"{matrix_path}: services d'exemple ({matrix.service_count}), pas le référentiel officiel : "
            "arobase matrix import FICHIER.csv"
        )
    lines += [
        f"{form_path}: question « {q.key} » : choix provisoires ({', '.join(q.choices)}), à confirmer par l'association"
        for q in form.questions
        if q.provisional
    ]
    return lines
