"""Render the report's blocks as one self-contained HTML page: inline CSS, images as data URIs.

The page opens offline: nothing is fetched (no links, fonts or scripts from elsewhere). A small
inline script marks each image with its decoded width once the page has loaded, and flags the
page when an image did not decode, so that a broken plot is visible (and testable).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape

from simulator.report.document import Block, Figure, Heading, Paragraph, Table

__all__ = ["render_html"]

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px;
       color: #1d1d1f; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
table { border-collapse: collapse; margin: .6rem 0; font-size: 13px; }
th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: right; }
th { background: #f2f4f7; } td:first-child, th:first-child { text-align: left; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 13px; }
.ok { color: #1e7a34; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; }
body[data-broken-images] figure img { outline: 3px solid #b3261e; }
"""

_SCRIPT = """
window.addEventListener("load", function () {
  var broken = 0;
  document.querySelectorAll("img").forEach(function (img) {
    img.setAttribute("data-natural-width", String(img.naturalWidth));
    if (!img.complete || img.naturalWidth === 0) { broken += 1; }
  });
  document.body.setAttribute("data-images-checked", "yes");
  if (broken) { document.body.setAttribute("data-broken-images", String(broken)); }
});
"""


def _table(table: Table) -> str:
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return (
        f'<table id="{escape(table.id)}">{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _figure(figure: Figure) -> str:
    data = base64.b64encode(figure.png).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(figure.caption)}" '
        f'data-name="{escape(figure.name)}"><figcaption>{escape(figure.caption)}</figcaption>'
        "</figure>"
    )


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        tone = f' class="{block.tone}"' if block.tone else ""
        return f"<p{tone}>{escape(block.text)}</p>"
    if isinstance(block, Table):
        return _table(block)
    return _figure(block)


def render_html(blocks: Iterable[Block], *, title: str) -> str:
    """The whole report as one HTML document."""
    body = "\n".join(_block(b) for b in blocks)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n"
        f"<body>\n{body}\n<script>{_SCRIPT}</script>\n</body></html>\n"
    )
