"""Content errors that name the file and the line, so staff can fix their edit."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any


class ContentError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class TomlFile:
    """A TOML file with its text kept, to point at the line of a table or key in messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError([f"{path}: fichier introuvable"]) from None
        except UnicodeDecodeError as exc:
            raise ContentError([f"{path}: le fichier doit être encodé en UTF-8 ({exc.reason})"]) from None
        try:
            self.data: dict[str, Any] = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            raise ContentError([f"{path}: syntaxe TOML invalide : {exc}"]) from None
        self.lines = self.text.splitlines()

    def line_of_table(self, name: str, index: int = 0) -> int:
        """1-based line of the `index`-th `[[name]]` (or `[name]`) header; 0 if not found."""
        pattern = re.compile(rf"^\s*\[\[?\s*{re.escape(name)}\s*\]\]?\s*(#.*)?$")
        seen = -1
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                seen += 1
                if seen == index:
                    return number
        return 0

    def line_of_key(self, key: str, after: int = 0) -> int:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines[after:], after + 1):
            if pattern.match(line):
                return number
        return after

    def where(self, line: int) -> str:
        return f"{self.path}:{line}" if line else str(self.path)
