"""The output formats of `oit status` in one table: the CLI offers its names, and a new format is
one row here and one module (docs/contracts.md#commands). Each format's module is imported only
when it is chosen (the workbook's openpyxl costs a fifth of a second)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    module: str  # generator.<module> holds the writer
    writer: str  # writer(StatusReport) → str or bytes
    to_file_only: bool = False  # a binary file, never written to the terminal (--out needed)
    encoding: str = "utf-8"  # of a text format written to a file


FORMATS = {
    "text": Format("status_text", "to_text"),
    "json": Format("status_text", "to_json"),
    "csv": Format("status_table", "to_csv", encoding="utf-8-sig"),  # a BOM, or Excel reads the Thai as Windows-874
    "xlsx": Format("status_xlsx", "to_xlsx", to_file_only=True),
}
HTML = Format("status_html", "to_html")  # --html FILE, beside any format: the page for the meeting


def write(fmt: Format, status) -> bytes | str:
    """The report in `fmt`: bytes for a binary format, else text."""
    return getattr(importlib.import_module(f"{__package__}.{fmt.module}"), fmt.writer)(status)


def to_bytes(fmt: Format, status) -> bytes:
    """The report in `fmt` as the bytes of its file."""
    data = write(fmt, status)
    return data if isinstance(data, bytes) else data.encode(fmt.encoding)
