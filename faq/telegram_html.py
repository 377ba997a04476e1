"""The one checker for the HTML subset Telegram accepts (parse_mode=HTML).

`scan` returns structured problems (kind, position, tag, detail); callers word them for their
readers: `faq.html_wording.check_html` in English for the FAQ file errors, `handlers.broadcast.html_check` in French
for staff broadcasts.

The scanner reads the text the way Telegram's parser does (tdlib's ``parse_html``, ported in
``tests/fakebotapi/html_parser.py``; ``tests/faq/test_telegram_html_differential.py`` compares the two
over 20,000 generated texts): whatever Telegram refuses is a problem here. A tag is ``<`` then its name
up to a space or ``>``; an attribute value is quoted ('…' or "…", entities decoded) or unquoted, and an
unquoted value is letters, digits, ``.`` and ``-`` only; an entity is ``&lt; &gt; &amp; &quot;`` or a
numeric one (``&#233;``, ``&#xe9;``: lowercase x, at most 7 digits or 6 hex digits) naming a character
(not 0, not a surrogate, below U+10FFFF), the ``;`` being optional; a text with nothing visible once
parsed is refused ("message text is empty").

It is also stricter than Telegram where Telegram would accept the text but not do what was meant,
or silently drop something: a bare ``&`` (Telegram keeps it; the Bot API says to escape it, and the
fake Bot API refuses it), an unknown attribute, a link that is no http(s)://, tg:// or mailto: link,
<a> without href, tags inside <code>/<pre>, a link inside a link, ``<b/>``, a <code> class that is no
``language-…``, a numeric entity naming a control character, a text made only of invisible characters.
A bare ``>`` is fine, as for Telegram. Supported tags: b strong i em u ins s strike del,
span class="tg-spoiler", tg-spoiler, a href="...", tg-emoji emoji-id="...", code (class="language-x"),
pre, blockquote (expandable). Pure functions.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

MAX_MESSAGE = 4096
"""Telegram limit, in UTF-16 code units of the visible (parsed) text."""

ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "tg-spoiler": frozenset(),
    "pre": frozenset(),
    "span": frozenset({"class"}),
    "a": frozenset({"href"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "code": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
}
_LINK = re.compile(r"^(https?://[^\s<>\"]+|tg://\S+|mailto:\S+)$")
_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_END = "\0"  # what tdlib reads past the end of the text (a NUL in the text reads the same)
_SPACES = " \t\r\n\v\f\0"  # tdlib's spaces inside a tag
_TRIMMED = " \t\r\n\v\f"  # what Telegram trims around the parsed text
_UNQUOTED = frozenset(string.ascii_letters + string.digits + ".-")
_HEX = frozenset(string.hexdigits)
_DIGITS = frozenset(string.digits)
_LETTERS = frozenset(string.ascii_letters)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # tdlib lowers ASCII only


@dataclass(frozen=True)
class HtmlProblem:
    """One thing Telegram would refuse. `kind` is one of the names listed in `_ENGLISH`."""

    kind: str
    position: int  # 0-based character offset in the text
    tag: str = ""
    detail: str = ""  # the offending token, attribute, or the tag expected to close


POSITIONLESS = frozenset({"never_closed", "empty"})  # the position says little to the reader


def _at(text: str, index: int) -> str:
    return text[index] if index < len(text) else _END


def _entity(text: str, position: int) -> tuple[int | None, int]:
    """The code point of the entity at ``text[position] == "&"`` and where it ends, as tdlib decodes
    it (None when it is not one); ``;`` is optional, numeric references stop at the first non-digit."""
    end = position + 1
    if _at(text, end) == "#":
        end += 1
        value = 0
        if _at(text, end) == "x":
            end += 1
            while _at(text, end) in _HEX:
                value, end = value * 16 + int(text[end], 16), end + 1
        else:
            while _at(text, end) in _DIGITS:
                value, end = value * 10 + int(text[end]), end + 1
        if value == 0 or value >= 0x10FFFF or end - position >= 10:
            return None, end
    else:
        while _at(text, end) in _LETTERS:
            end += 1
        name = text[position + 1 : end]
        if name not in _NAMED:
            return None, end
        value = ord(_NAMED[name])
    if _at(text, end) == ";":
        end += 1
    return value, end


def _is_character(code: int) -> bool:
    """A surrogate makes Telegram refuse the text; a control character (but tab and line breaks)
    is either dropped or shown as nothing, never what was meant."""
    if 0xD800 <= code <= 0xDFFF:
        return False
    return code in (9, 10, 13) or unicodedata.category(chr(code)) != "Cc"


def _blank(text: str) -> bool:
    """Nothing visible: only spaces (Unicode ones too), invisible format characters or braille blanks."""
    return all(c in _TRIMMED or c.isspace() or c == "\u2800" or unicodedata.category(c) in ("Cc", "Cf") for c in text)


@dataclass
class _Open:
    name: str
    position: int


class _Scanner:
    """One pass over the text, tdlib's way, noting every problem instead of stopping at the first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[HtmlProblem] = []
        self.visible: list[str] = []
        self.stack: list[_Open] = []

    def problem(self, kind: str, position: int, tag: str = "", detail: str = "") -> None:
        self.problems.append(HtmlProblem(kind, position, tag, detail))

    def run(self) -> None:
        text, i = self.text, 0
        while i < len(text):
            c = text[i]
            if c == "&":
                i = self.entity(i)
            elif c == "<":
                i = self.tag(i)
            elif "\ud800" <= c <= "\udfff":  # half of a character (not UTF-8): only a broken input has one
                self.problem("bad_entity", i, detail=f"U+{ord(c):04X}")
                i += 1
            else:
                self.visible.append(c)
                i += 1
        for opened in reversed(self.stack):
            self.problem("never_closed", opened.position, opened.name)
        if not self.problems and _blank("".join(self.visible)):
            self.problem("empty", 0)

    def entity(self, position: int) -> int:
        code, end = _entity(self.text, position)
        token = self.text[position : end + (_at(self.text, end) == ";")]
        if code is None and self.text.startswith("&#", position):
            self.problem("bad_entity", position, detail=token[:12])
            return end
        if code is None:
            self.problem("bad_ampersand", position, detail=token[:12])
            self.visible.append("&")
            return position + 1
        if not _is_character(code):
            self.problem("bad_entity", position, detail=token[:12])
        else:
            self.visible.append(chr(code))
        return end

    def skip_tag(self, begin: int, kind: str, tag: str = "", detail: str = "") -> int:
        """Note a malformed tag; go on after its '>' (or after the '<', read as text, if none comes)."""
        text = self.text
        end = text.find(">", begin)
        after = text.find("<", begin + 1)
        self.problem(kind, begin, tag, detail or text[begin : end + 1 if end >= 0 else begin + 20][:20])
        if end < 0 or 0 <= after < end:
            self.visible.append("<")
            return begin + 1
        return end + 1

    def tag(self, begin: int) -> int:
        text = self.text
        if _at(text, begin + 1) == "/":
            return self.end_tag(begin)
        i = begin + 1
        while _at(text, i) not in _SPACES and text[i] != ">":
            i += 1
        if _at(text, i) == _END:
            return self.skip_tag(begin, "bare_lt")  # « a <b » or « 1 <3 »: never a tag
        name = text[begin + 1 : i].translate(_ASCII_LOWER)
        if name not in ALLOWED_ATTRS:
            written = name.removesuffix("/")
            if written in ALLOWED_ATTRS:
                return self.skip_tag(begin, "self_closing", written)  # « <b/> »
            if not _TAG_NAME.fullmatch(written):
                return self.skip_tag(begin, "bare_lt")  # « a < b », « <3 », « <> »
            return self.skip_tag(begin, "unsupported_tag", written)
        attributes: list[tuple[str, str | None]] = []
        while _at(text, i) != ">":
            while _at(text, i) in _SPACES and _at(text, i) != _END:
                i += 1
            if _at(text, i) == ">":
                break
            if _at(text, i) == _END:
                return self.skip_tag(begin, "bare_lt")
            start = i
            while _at(text, i) not in _SPACES and text[i] not in "=>":
                i += 1
            attribute = text[start:i]
            if not attribute:  # « <a ="x"> »
                return self.skip_tag(begin, "malformed_tag", name)
            while _at(text, i) in _SPACES and _at(text, i) != _END:
                i += 1
            value: str | None = None
            if _at(text, i) == "=":
                i += 1
                while _at(text, i) in _SPACES and _at(text, i) != _END:
                    i += 1
                if _at(text, i) == _END:
                    return self.skip_tag(begin, "bare_lt")
                if text[i] not in "'\"":
                    start = i
                    while _at(text, i) in _UNQUOTED:
                        i += 1
                    value = text[start:i].translate(_ASCII_LOWER)  # as tdlib does
                    if _at(text, i) not in _SPACES and text[i] != ">":  # « href=https://… »
                        return self.skip_tag(begin, "unquoted_value", name, attribute)
                else:
                    value, i = self.quoted(i)
                if _at(text, i) == _END:
                    return self.skip_tag(begin, "bare_lt")
            attributes.append((attribute, value))
        self.open(name, begin, attributes)
        return i + 1

    def quoted(self, i: int) -> tuple[str, int]:
        """A quoted attribute value from its opening quote: (value, entities decoded; just after it)."""
        text, quote = self.text, self.text[i]
        i += 1
        value: list[str] = []
        while _at(text, i) != quote and _at(text, i) != _END:
            if text[i] == "&":
                code, end = _entity(text, i)
                if code is not None:
                    value.append(chr(code))
                    i = end
                    continue
            value.append(text[i])
            i += 1
        return "".join(value), i + 1 if _at(text, i) == quote else i

    def open(self, name: str, position: int, attributes: list[tuple[str, str | None]]) -> None:
        stack = self.stack
        if stack and stack[-1].name in ("code", "pre") and not (stack[-1].name == "pre" and name == "code"):
            self.problem("inside_code", position, name, stack[-1].name)
        if name == "a" and any(opened.name == "a" for opened in stack):
            self.problem("nested_link", position, name)
        values: dict[str, str] = {}
        for attribute, value in attributes:
            if attribute == "/":
                self.problem("self_closing", position, name)
            elif attribute not in ALLOWED_ATTRS[name]:  # names as written: Telegram ignores « HREF »
                self.problem("bad_attribute", position, name, attribute)
            else:
                values[attribute] = value or ""
        spoiler = ""  # tdlib keeps the last class starting with « tg- »
        for attribute, value in attributes:
            if attribute == "class" and value and value.startswith("tg-"):
                spoiler = value[3:]
        if name == "a":
            href = values.get("href", "")
            if not href:
                self.problem("a_without_href", position, name)
            elif not _LINK.match(href):
                self.problem("bad_link", position, name, href)
        elif name == "span" and (spoiler != "spoiler" or values.get("class") != "tg-spoiler"):
            self.problem("span_class", position, name)
        elif name == "code" and "class" in values and not values["class"].startswith("language-"):
            self.problem("code_class", position, name)
        elif name == "tg-emoji":
            emoji = values.get("emoji-id", "")
            if not (emoji.isascii() and emoji.isdigit() and 0 < int(emoji) < 2**63):
                self.problem("emoji_id", position, name)
        stack.append(_Open(name, position))

    def end_tag(self, begin: int) -> int:
        text = self.text
        i = begin + 2
        while _at(text, i) not in _SPACES and text[i] != ">":
            i += 1
        name = text[begin + 2 : i].translate(_ASCII_LOWER)
        while _at(text, i) in _SPACES and _at(text, i) != _END:
            i += 1
        if _at(text, i) != ">":  # « </b x> », « </ b> », or no '>' at all
            return self.skip_tag(begin, "malformed_tag" if _at(text, i) != _END else "bare_lt", name)
        stack = self.stack
        if not stack:
            self.problem("stray_close", begin, name)
        elif name and stack[-1].name != name:  # « </> » closes whatever is open, as in tdlib
            self.problem("crossed_close", begin, name, stack[-1].name)
            opened = [o.name for o in stack]
            if name in opened:
                del stack[len(opened) - 1 - opened[::-1].index(name) :]
        else:
            stack.pop()
        return i + 1


def _scanned(text: str) -> _Scanner:
    scanner = _Scanner(text)
    scanner.run()
    return scanner


def scan(text: str) -> list[HtmlProblem]:
    """Every problem of ``text`` as Telegram HTML, in order (empty list if valid)."""
    return _scanned(text).problems


KINDS = frozenset(
    {"bad_ampersand", "bad_entity", "bare_lt", "malformed_tag", "unquoted_value", "unsupported_tag", "self_closing",
     "stray_close", "crossed_close", "inside_code", "nested_link", "bad_attribute", "a_without_href", "bad_link",
     "span_class", "code_class", "emoji_id", "never_closed", "empty"}
)  # fmt: skip
"""Every kind of problem `scan` reports: callers that word them word every one."""


def visible_text(text: str) -> str:
    """Text as displayed by Telegram: tags removed, entities decoded."""
    return "".join(_scanned(text).visible)


def visible_length(text: str) -> int:
    """Length counted the Telegram way (UTF-16 code units)."""
    return len(visible_text(text).encode("utf-16-le", "surrogatepass")) // 2
