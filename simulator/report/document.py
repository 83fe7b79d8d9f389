"""The report as plain blocks (headings, paragraphs, tables, figures), rendered twice.

One builder (``simulator.report.content``) says *what* the report holds; the Markdown and HTML
renderers say *how* it looks, so the two reports cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Block", "Figure", "Heading", "Paragraph", "Table"]


@dataclass(frozen=True, slots=True)
class Heading:
    """A section title (level 1 is the report's title)."""

    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of plain text; ``tone`` ("ok", "bad" or "") colours it in HTML."""

    text: str
    tone: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a stable ``id`` (an HTML id, so that tests and links can find it)."""

    id: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A PNG plot: its file name next to the report, its bytes, and a caption."""

    name: str
    png: bytes
    caption: str


Block = Heading | Paragraph | Table | Figure
