"""The Markdown and HTML reports say the same things; the HTML page needs nothing from outside."""

from __future__ import annotations

import base64
import re

from simulator.report.document import Block, Figure, Heading, Paragraph, Table
from simulator.report.html import render_html
from simulator.report.markdown import render_markdown

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_document_holds_outcomes_incidents_feeds_services_and_every_plot(
    document: list[Block],
) -> None:
    blocks = document
    tables = {b.id: b for b in blocks if isinstance(b, Table)}
    assert {"outcomes", "incidents", "decisions", "feeds", "services"} <= set(tables)
    assert [row[0] for row in tables["outcomes"].rows] == ["optimizer", "baseline", "oracle"]
    assert tables["incidents"].rows[0][:4] == ("slow-b", "latency_degradation", "b", "00:05")
    assert tables["decisions"].rows == (("failover", "1"), ("model_selection", "1"))
    names = [b.name for b in blocks if isinstance(b, Figure)]
    assert names == [
        "outcomes.png",
        "traffic_share.png",
        "cost_per_request.png",
        "p99_latency.png",
        "decisions.png",
    ]
    assert all(b.png.startswith(PNG_SIGNATURE) for b in blocks if isinstance(b, Figure))


def test_without_compliance_the_report_says_it_did_not_run(document: list[Block]) -> None:
    text = render_markdown(document)
    assert "The compliance checks did not run" in text
    assert "Verdict: PASS." in text


def test_markdown_tables_escape_pipes_and_reference_the_png_files() -> None:
    blocks = [
        Heading("T", level=1),
        Paragraph("bad", tone="bad"),
        Table("t", ("a", "b"), (("x|y", "1"),)),
        Figure("p.png", b"", "a plot"),
    ]
    assert render_markdown(blocks) == (
        "# T\n\n**bad**\n\n| a | b |\n|---|---|\n| x\\|y | 1 |\n\n![a plot](p.png)\n"
    )


def test_html_embeds_every_plot_as_a_data_uri_and_links_to_nothing(document: list[Block]) -> None:
    page = render_html(document, title="r")
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert len(sources) == 5
    for source in sources:
        prefix = "data:image/png;base64,"
        assert source.startswith(prefix)
        assert base64.b64decode(source[len(prefix) :]).startswith(PNG_SIGNATURE)
    assert "http://" not in page
    assert "https://" not in page
    assert "<link" not in page
    assert "href=" not in page
    assert '<table id="outcomes">' in page


def test_html_escapes_text_from_the_run() -> None:
    page = render_html([Paragraph("<script>alert(1)</script>")], title="<t>")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>&lt;t&gt;</title>" in page
