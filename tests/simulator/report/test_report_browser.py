"""The HTML report in a real headless browser: it renders offline and every plot decodes."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from simulator.report import ReportInputs, write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,2000",
)


class Dom(HTMLParser):
    """Collects the body's attributes, every image's attributes and the outcome table's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.body: dict[str, str | None] = {}
        self.images: list[dict[str, str | None]] = []
        self.outcomes: list[list[str]] = []
        self._table: str | None = None
        self._cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.body = dict(attrs)
        elif tag == "img":
            self.images.append(dict(attrs))
        elif tag == "table":
            self._table = dict(attrs).get("id")
        elif tag == "tr" and self._table == "outcomes":
            self.outcomes.append([])
        self._cell = tag in ("td", "th")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        self._cell = False

    def handle_data(self, data: str) -> None:
        if self._cell and self._table == "outcomes":
            self.outcomes[-1].append(data)


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)"
)
def test_the_report_renders_offline_with_every_plot_decoded(
    inputs: ReportInputs, tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    report = tmp_path / "report"
    report.mkdir()
    write_report(report, inputs)
    page = report / "report.html"
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = Dom()
    dom.feed(done.stdout)
    assert dom.body.get("data-images-checked") == "yes"
    assert "data-broken-images" not in dom.body
    assert len(dom.images) == 5
    assert [img.get("data-natural-width") for img in dom.images] == ["1000"] * 5
    assert all((img.get("src") or "").startswith("data:image/png;base64,") for img in dom.images)
    assert dom.outcomes[0][:3] == ["policy", "requests", "cost_per_request"]
    assert [row[0] for row in dom.outcomes[1:]] == ["optimizer", "baseline", "oracle"]
