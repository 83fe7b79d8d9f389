"""Reports of a rehearsal: Markdown, self-contained HTML, PNG plots, decisions, JUnit XML."""

from simulator.report.bundle import REPORT_FILES, write_report, write_summary
from simulator.report.content import ReportInputs, build_document
from simulator.report.decisions import read_decisions, write_decisions
from simulator.report.junit import junit_xml
from simulator.report.series import Series, series_of
from simulator.report.terminal import print_report
from simulator.report.verdict import failures

__all__ = [
    "REPORT_FILES",
    "ReportInputs",
    "Series",
    "build_document",
    "failures",
    "junit_xml",
    "print_report",
    "read_decisions",
    "series_of",
    "write_decisions",
    "write_report",
    "write_summary",
]
