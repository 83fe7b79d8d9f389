"""Render the report's blocks as Markdown (plots referenced as PNG files next to it)."""

from __future__ import annotations

from collections.abc import Iterable

from simulator.report.document import Block, Heading, Paragraph, Table

__all__ = ["render_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> str:
    lines = [f"**{table.caption}**", ""] if table.caption else []
    lines.append("| " + " | ".join(_cell(h) for h in table.header) + " |")
    lines.append("|" + "|".join("---" for _ in table.header) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    if not table.rows:
        lines.append("| " + " | ".join("-" for _ in table.header) + " |")
    return "\n".join(lines)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + block.text
    if isinstance(block, Paragraph):
        return f"**{block.text}**" if block.tone else block.text
    if isinstance(block, Table):
        return _table(block)
    return f"![{block.caption}]({block.name})"


def render_markdown(blocks: Iterable[Block]) -> str:
    """The whole report as one Markdown text."""
    return "\n\n".join(_block(b) for b in blocks) + "\n"
