"""Text values as a webmaster writes them: what counts as text, a web address, one line, a UTF-8 file."""
from __future__ import annotations

import re
from pathlib import Path

from .i18n import _


def is_text(value) -> bool:
    """A scalar a webmaster may write where text is expected (2566 is text here; yes/no are not)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def is_web_url(value) -> bool:
    """An http(s) address with no spaces: what evidence url: and URL fields must hold."""
    return isinstance(value, str) and re.fullmatch(r"https?://\S+", value.strip()) is not None


def one_line(value) -> str:
    """Text shown inside a table cell or a heading: line breaks become spaces (a blank line would
    end the surrounding HTML block and let Markdown inside a title become live)."""
    return " ".join(str(value).split())


def read_text_file(path: Path) -> str:
    """UTF-8 text with BOM and CRLF removed. Raises UnicodeDecodeError for other encodings."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def encoding_advice(path: Path, err: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) for a text file that is not UTF-8, naming the encoding it probably is."""
    data = path.read_bytes()
    line = data.count(b"\n", 0, err.start) + 1
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess = _("it is UTF-16 (Notepad's 'Unicode')")
    else:
        try:
            text = data.decode("cp874")
            guess = _("it looks like TIS-620 / Windows-874 (old Thai encoding)") if re.search("[\u0e00-\u0e7f]", text) else ""
        except UnicodeDecodeError:
            guess = ""
    if guess:
        return line, _("file is not UTF-8 text (byte {byte}, line {line}); {guess}; save it as UTF-8").format(
            byte=err.start, line=line, guess=guess)
    return line, _("file is not UTF-8 text (byte {byte}, line {line}); save it as UTF-8").format(byte=err.start, line=line)
