"""What `arobase check-config` points out in content that loads fine but should not stay as is:
webinar sessions already past, example links still in place. One line each, with the file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

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
        if is_example_link(session.link):
            lines.append(f"{path}: séance « {session.id} » : le lien {session.link} est un exemple, pas le vrai lien")
    return lines
