"""The label's matrix (data/matrice.toml): the enjeux of the mosaic and their digital services.

Loaded and validated at start (errors name file and line). `read_referentiel_csv` validates the
association's official référentiel (CSV `enjeu;service`) and `with_services` + `render_toml`
write it back into the matrix file (`arobase matrix import`). Counts are always the loaded
file's: no number of services is ever hard-coded in a text.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from handlers.content.errors import ContentError, TomlFile

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
SERVICE_MAX_CHARS = 200
ENJEU_KEYS = {"code", "nom", "description", "services", "a_confirmer"}
TOP_KEYS = {"source", "importe_le", "enjeu"}


@dataclass(frozen=True)
class Enjeu:
    code: str
    name: str
    description: str
    services: tuple[str, ...]
    awaiting_confirmation: bool = False


@dataclass(frozen=True)
class Matrix:
    enjeux: tuple[Enjeu, ...]
    source: str = "exemples"  # "exemples" (public examples) or "officiel" (imported référentiel)
    imported_on: str = ""

    @functools.cached_property  # a frozen dataclass: computed once per matrix (every row of an export asks)
    def _by_code(self) -> dict[str, Enjeu]:
        return {e.code: e for e in self.enjeux}

    def get(self, code: str) -> Enjeu | None:
        return self._by_code.get(code)

    def index(self, code: str) -> int:
        return next((i for i, e in enumerate(self.enjeux) if e.code == code), -1)

    @property
    def service_count(self) -> int:
        return sum(len(e.services) for e in self.enjeux)

    def with_services(self, services: dict[str, list[str]], *, renamed: dict[str, str], imported_on: str) -> Matrix:
        """The same enjeux with the official `services` (by code): the association's file names
        every enjeu, so all are confirmed; `renamed` gives the provisional one its real name."""
        enjeux = tuple(
            replace(
                e,
                name=renamed.get(e.code, e.name),
                services=tuple(services.get(e.code, ())),
                awaiting_confirmation=False,
            )
            for e in self.enjeux
        )
        return Matrix(enjeux, source="officiel", imported_on=imported_on)


def load_matrix(path: Path) -> Matrix:
    file = TomlFile(path)
    data = file.data
    problems: list[str] = []
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"{file.where(file.line_of_key(key) or file.line_of_table(key))}: {key} : clé inconnue")
    source = data.get("source", "exemples")
    if source not in ("exemples", "officiel"):
        problems.append(f"{file.where(file.line_of_key('source'))}: source : « exemples » ou « officiel »")
    raw = data.get("enjeu", [])
    if not isinstance(raw, list) or not raw:
        raise ContentError([*problems, f"{path}: aucun [[enjeu]] trouvé"])
    enjeux: list[Enjeu] = []
    codes: set[str] = set()
    names: set[str] = set()
    for index, table in enumerate(raw):
        header = file.line_of_table("enjeu", index)
        where = file.where(header)
        for key in table:
            if key not in ENJEU_KEYS:
                problems.append(f"{file.where(file.line_of_key(key, header))}: enjeu.{key} : clé inconnue")
        code, name = table.get("code"), table.get("nom")
        description, services = table.get("description", ""), table.get("services")
        if not isinstance(code, str) or not CODE_RE.match(code):
            problems.append(f"{where}: code : minuscules, chiffres et « _ », 24 caractères au plus")
            continue
        if code in codes:
            problems.append(f"{where}: code « {code} » en double")
        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            problems.append(f"{where}: nom : un texte de 1 à 80 caractères")
            continue
        if _fold(name) in names:
            problems.append(f"{where}: nom « {name} » en double")
        if not isinstance(description, str) or len(description) > 300:
            problems.append(f"{where}: description : un texte de 300 caractères au plus")
            description = ""
        if (
            not isinstance(services, list)
            or not services
            or not all(isinstance(s, str) and s.strip() for s in services)
        ):
            problems.append(
                f"{file.where(file.line_of_key('services', header) or header)}: services : une liste non vide de textes"
            )
            continue
        cleaned = [s.strip() for s in services]
        for service in cleaned:
            if len(service) > SERVICE_MAX_CHARS:
                problems.append(f"{where}: service « {service[:40]}… » : {SERVICE_MAX_CHARS} caractères au plus")
        if len({_fold(s) for s in cleaned}) != len(cleaned):
            problems.append(f"{where}: services : un même service apparaît deux fois")
        pending = table.get("a_confirmer", False)
        if not isinstance(pending, bool):
            problems.append(f"{where}: a_confirmer : true ou false")
            pending = False
        codes.add(code)
        names.add(_fold(name))
        enjeux.append(Enjeu(code, name.strip(), description.strip(), tuple(cleaned), pending))
    if problems:
        raise ContentError(problems)
    return Matrix(tuple(enjeux), source=source, imported_on=str(data.get("importe_le", "")))


def _fold(text: str) -> str:
    """Case-, accent- and space-insensitive form, to match names typed in a spreadsheet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@dataclass(frozen=True)
class Referentiel:
    services: dict[str, list[str]]  # enjeu code -> services, in file order
    renamed: dict[str, str]  # enjeu code -> name from the file (the provisional 16th confirmed)

    @property
    def count(self) -> int:
        return sum(len(s) for s in self.services.values())


def read_referentiel_csv(path: Path, matrix: Matrix) -> Referentiel:
    """Validate the official référentiel; every problem names its line. Raises ContentError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([f"{path}: lecture impossible ({exc.strerror})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV (séparateur : point-virgule)"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    problems: list[str] = []
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["enjeu", "service"]:
        raise ContentError([f"{path}:1: la première ligne doit être « enjeu;service »"])
    by_name = {_fold(e.name): e for e in matrix.enjeux} | {_fold(e.code): e for e in matrix.enjeux}
    provisional = [e for e in matrix.enjeux if e.awaiting_confirmation]
    services: dict[str, list[str]] = {e.code: [] for e in matrix.enjeux}
    unknown: dict[str, list[int]] = {}
    pending_rows: list[tuple[int, str, str]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != 2:
            problems.append(f"{path}:{line}: 2 colonnes attendues (enjeu;service), {len(row)} trouvée(s)")
            continue
        enjeu_name, service = row[0].strip(), " ".join(row[1].split())
        if not enjeu_name:
            problems.append(f"{path}:{line}: enjeu vide")
            continue
        if not service:
            problems.append(f"{path}:{line}: service vide")
            continue
        if len(service) > SERVICE_MAX_CHARS:
            problems.append(
                f"{path}:{line}: service trop long ({len(service)} caractères, {SERVICE_MAX_CHARS} au plus)"
            )
            continue
        enjeu = by_name.get(_fold(enjeu_name))
        if enjeu is None:
            unknown.setdefault(enjeu_name, []).append(line)
            pending_rows.append((line, enjeu_name, service))
            continue
        _add(services[enjeu.code], service, path, line, problems)
    renamed: dict[str, str] = {}
    unused_provisional = [e for e in provisional if not services[e.code]]
    if len(unknown) == 1 and len(unused_provisional) == 1:
        # The file names the enjeu the public sources did not: it confirms the provisional one.
        (new_name,) = unknown
        target = unused_provisional[0]
        renamed[target.code] = new_name
        for line, _, service in pending_rows:
            _add(services[target.code], service, path, line, problems)
    else:
        known = ", ".join(e.name for e in matrix.enjeux)
        for name, lines in unknown.items():
            where = ", ".join(str(n) for n in lines[:10]) + ("…" if len(lines) > 10 else "")
            problems.append(f"{path}:{where}: enjeu inconnu « {name} » (connus : {known})")
    empty = [renamed.get(e.code, e.name) for e in matrix.enjeux if not services[e.code]]
    if empty and not unknown:
        problems.append(f"{path}: aucun service pour {len(empty)} enjeu(x) : {', '.join(empty)}")
    if problems:
        raise ContentError(problems)
    return Referentiel(services, renamed)


def _add(target: list[str], service: str, path: Path, line: int, problems: list[str]) -> None:
    if _fold(service) in {_fold(s) for s in target}:
        problems.append(f"{path}:{line}: service « {service} » en double pour cet enjeu")
    else:
        target.append(service)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def render_toml(matrix: Matrix, header: str) -> str:
    """The matrix as TOML, `header` (comment lines) first; read back by `load_matrix`."""
    out = [header.rstrip("\n"), "", f"source = {_q(matrix.source)}", f"importe_le = {_q(matrix.imported_on)}"]
    for enjeu in matrix.enjeux:
        out += [
            "",
            "[[enjeu]]",
            f"code = {_q(enjeu.code)}",
            f"nom = {_q(enjeu.name)}",
            f"description = {_q(enjeu.description)}",
        ]
        if enjeu.awaiting_confirmation:
            out.append("a_confirmer = true")
        out.append("services = [")
        out += [f"  {_q(s)}," for s in enjeu.services]
        out.append("]")
    return "\n".join(out) + "\n"


def header_comments(path: Path) -> str:
    """The leading comment block of the current file, kept when it is rewritten."""
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or (not line.strip() and lines):
            lines.append(line)
        else:
            break
    return "\n".join(lines).rstrip()
