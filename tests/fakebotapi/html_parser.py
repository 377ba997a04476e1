"""Telegram's ``parse_mode="HTML"`` parser, ported from tdlib's ``parse_html``.

Role: turn the HTML text a bot sends into what Telegram stores, i.e. the plain
text plus a list of MessageEntity dicts whose offsets/lengths are counted in
UTF-16 code units, or fail with the exact error text Telegram returns after
``"Bad Request: can't parse entities: "``.

The port works on UTF-8 bytes like tdlib, so "byte offset N" in error messages
matches what the real server reports.  One deliberate difference, switchable
with ``strict_ampersand``: tdlib silently keeps an ``&`` that does not start a
known entity, while the Bot API documentation requires escaping it; the fake
rejects it by default so bots are caught not escaping user input.
"""

from __future__ import annotations

from typing import Any

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
}
# tdlib's MessageEntity::get_type_priority, used to order entities that share a range.
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SPACES = b" \t\r\n\v\f\x00"
_TRIMMED = " \t\r\n\v\f"


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(exc)`` is tdlib's message."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(data: bytes, pos: int) -> tuple[int, int] | None:
    """Decode ``&...`` at ``pos``; return (code point, next position) or None."""
    size = len(data)

    def at(k: int) -> int:
        return data[k] if k < size else 0

    end = pos + 1
    if at(pos + 1) == ord("#"):
        end += 1
        value = 0
        if at(pos + 2) == ord("x"):
            end += 1
            while chr(at(end)) in "0123456789abcdefABCDEF" and at(end):
                value = value * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while ord("0") <= at(end) <= ord("9"):
                value = value * 10 + at(end) - ord("0")
                end += 1
        if value == 0 or value >= 0x10FFFF or end - pos >= 10:
            return None
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        name = data[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            return None
        value = ord(_NAMED_ENTITIES[name])
    if at(end) == ord(";"):
        end += 1
    return value, end


def _check_link(url: str) -> str | None:
    """Roughly tdlib's LinkManager::get_checked_link: normalise or reject a URL."""
    if not url or any(c.isspace() for c in url):
        return None
    if url.startswith("tg://"):
        return url
    if "://" not in url:
        url = "http://" + url
    scheme, rest = url.split("://", 1)
    if scheme.lower() not in ("http", "https", "ton", "tonsite") or not rest:
        return None
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if not host or ("." not in host and host != "localhost"):
        return None
    if rest == host:
        url += "/"
    elif rest[len(host)] in "?#":
        url = f"{scheme}://{host}/{rest[len(host) :]}"
    return url


def _sort_key(entity: dict[str, Any]) -> tuple[int, int, int]:
    return (entity["offset"], -entity["length"], _PRIORITY.get(entity["type"], 50))


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML; return (plain text, entities) or raise HtmlParseError."""
    data = text.encode("utf-8", "surrogatepass")
    size = len(data)

    def at(k: int) -> int:
        return data[k] if k < size else 0

    def is_space(c: int) -> bool:
        return c in _SPACES

    out = bytearray()
    entities: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []  # open tags: name, argument, offset, begin
    utf16 = 0
    i = 0
    while i < size:
        c = data[i]
        if c == ord("&"):
            decoded = _decode_entity(data, i)
            if decoded is not None:
                code, i = decoded
                utf16 += 1 + (code > 0xFFFF)
                out += chr(code).encode("utf-8", "surrogatepass")
                continue
            if strict_ampersand:
                raise HtmlParseError(
                    f'Character "&" at byte offset {i} must be escaped as "&amp;" (strict check of the fake server)'
                )
        if c != ord("<"):
            if c & 0xC0 != 0x80:
                utf16 += 1 + (c >= 0xF0)
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != ord("/"):
            while not is_space(at(i)) and at(i) != ord(">"):
                i += 1
            if at(i) == 0:
                raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in SUPPORTED_TAGS:
                raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while at(i) != ord(">"):
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                if at(i) == ord(">"):
                    break
                if at(i) == 0:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
                name_begin = i
                while not is_space(at(i)) and at(i) not in (ord("="), ord(">")):
                    i += 1
                attr = data[name_begin:i].decode("utf-8", "replace")
                if not attr:
                    raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                value = ""
                if at(i) == ord("="):
                    i += 1
                    while at(i) != 0 and is_space(at(i)):
                        i += 1
                    if at(i) == 0:
                        raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if at(i) not in (ord("'"), ord('"')):
                        token_begin = i
                        while chr(at(i)).isascii() and (chr(at(i)).isalnum() or at(i) in b".-") and at(i):
                            i += 1
                        value = data[token_begin:i].decode().lower()
                        if not is_space(at(i)) and at(i) != ord(">"):
                            raise HtmlParseError(f"Unexpected end of name token at byte offset {token_begin}")
                    else:
                        quote = at(i)
                        i += 1
                        buf = bytearray()
                        while at(i) != quote and at(i) != 0:
                            if at(i) == ord("&"):
                                decoded = _decode_entity(data, i)
                                if decoded is not None:
                                    buf += chr(decoded[0]).encode("utf-8", "surrogatepass")
                                    i = decoded[1]
                                    continue
                            buf.append(at(i))
                            i += 1
                        if at(i) == quote:
                            i += 1
                        value = buf.decode("utf-8", "replace")
                    if at(i) == 0:
                        raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
                if tag == "a" and attr == "href":
                    argument = value
                elif tag == "code" and attr == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and attr == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and attr == "emoji-id":
                    argument = value
                elif tag == "blockquote" and attr == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            stack.append({"tag": tag, "arg": argument, "offset": utf16, "begin": len(out)})
            i += 1
            continue

        # end tag
        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        while not is_space(at(i)) and at(i) != ord(">"):
            i += 1
        end_name = data[begin + 2 : i].decode("utf-8", "replace").lower()
        while is_space(at(i)) and at(i) != 0:
            i += 1
        if at(i) != ord(">"):
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        i += 1
        top = stack.pop()
        tag = top["tag"]
        if end_name and end_name != tag:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", found "</{end_name}>"'
            )
        if utf16 > top["offset"]:
            _close_entity(entities, top, utf16 - top["offset"], out)
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')

    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=_sort_key)
    try:
        plain = out.decode("utf-8")
    except UnicodeDecodeError:
        raise HtmlParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        ) from None
    return plain, entities


def _close_entity(entities: list[dict[str, Any]], top: dict[str, Any], length: int, out: bytearray) -> None:
    """Append the entity for a just-closed tag (tdlib's end-tag branch)."""
    tag, arg, offset = top["tag"], top["arg"], top["offset"]
    if tag in _SIMPLE_TYPES or (tag == "span" and arg == "spoiler"):
        entities.append({"type": _SIMPLE_TYPES.get(tag, "spoiler"), "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not arg.isdigit() or int(arg) == 0 or int(arg) >= 2**63:
            raise HtmlParseError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": arg})
    elif tag == "a":
        url = arg or out[top["begin"] :].decode("utf-8", "replace")
        checked = _check_link(url)
        if checked is not None:
            entities.append({"type": "text_link", "offset": offset, "length": length, "url": checked})
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last
            and last["type"] == "code"
            and (last["offset"], last["length"]) == (offset, length)
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        last = entities[-1] if entities else None
        if last and last["type"] == "pre" and (last["offset"], last["length"]) == (offset, length) and arg:
            last["language"] = arg
        else:
            entity = {"type": "code", "offset": offset, "length": length}
            if arg:
                entity["language"] = arg
            entities.append(entity)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if arg == "1" else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


def trim_formatted(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip leading/trailing whitespace like Telegram, clipping entities to match."""
    stripped_left = text.lstrip(_TRIMMED)
    shift = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(_TRIMMED)
    total = utf16_len(result)
    fixed = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            fixed.append({**entity, "offset": start, "length": end - start})
    return result, fixed
