"""File storage behind getFile and the ``/file/bot<token>/<path>`` download route.

Role: keep every file the server has seen (bot uploads, simulated user media)
under a Telegram-like file_id / file_unique_id / file_path, so bots can re-send
by file_id, call getFile and download the bytes over HTTP.
"""

from __future__ import annotations

import itertools
import mimetypes
import secrets

from .recording import RecordedFile

_FOLDERS = {
    "document": "documents",
    "photo": "photos",
    "voice": "voice",
    "sticker": "stickers",
}


class FileStore:
    """file_id → RecordedFile, and file_path → RecordedFile."""

    def __init__(self) -> None:
        self._by_id: dict[str, RecordedFile] = {}
        self._by_path: dict[str, RecordedFile] = {}
        self._counter = itertools.count(1)

    def add(self, content: bytes, kind: str, filename: str | None = None, mime_type: str | None = None) -> RecordedFile:
        """Store bytes and return their new RecordedFile (ids are random like Telegram's)."""
        number = next(self._counter)
        extension = ""
        if filename and "." in filename:
            extension = "." + filename.rsplit(".", 1)[1]
        elif mime_type:
            extension = mimetypes.guess_extension(mime_type) or ""
        if kind == "photo":
            extension = ".jpg"
        prefix = {"document": "BQAC", "photo": "AgAC", "voice": "AwAC", "sticker": "CAAC"}.get(kind, "BQAC")
        file = RecordedFile(
            file_id=f"{prefix}{secrets.token_urlsafe(24)}",
            file_unique_id=f"AQAD{secrets.token_urlsafe(8)}",
            file_path=f"{_FOLDERS.get(kind, 'documents')}/file_{number}{extension}",
            content=content,
            filename=filename,
            mime_type=mime_type,
        )
        self._by_id[file.file_id] = file
        self._by_id[file.file_id + "_s"] = file  # photo thumbnail id
        self._by_path[file.file_path] = file
        return file

    def get(self, file_id: str) -> RecordedFile | None:
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> RecordedFile | None:
        return self._by_path.get(path)
