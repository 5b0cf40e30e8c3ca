"""The classroom page: a heat map of learners by questions, then the tables of ``report``, as one HTML page
that reloads itself. Everything shown is escaped: user names come from the hub, not from the course."""

from __future__ import annotations

from html import escape

from course_utils.checks.outcome import PASSED
from course_utils.classroom.report import (
    NOT_STARTED,
    TRYING,
    UNRECOGNISED,
    Report,
    when,
)

REFRESH_SECONDS = 10
# Light to dark as progress grows, so the map still reads in grey or for colour-blind eyes.
COLOURS = {NOT_STARTED: "#e8e8e8", TRYING: "#f2b134", PASSED: "#1b7a3d"}
CELL, GAP = 22, 2
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
td.passed, td.trying, td.not-started { white-space: nowrap; }
td.passed { background: #1b7a3d; color: #fff; } td.trying { background: #f2b134; }
td.not-started { background: #e8e8e8; color: #666; }
td.time { white-space: nowrap; }
.note { color: #555; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; margin: 0 0.3em 0 0.8em; }
"""


def heat_map(report: Report) -> str:
    """An SVG of learners (rows) by questions (columns), one coloured square per state, each with a tooltip."""
    label_w = 8 * max([len(name) for name in report.learners] + [4]) + 10
    label_h = 7 * max([len(qid) for qid in report.questions] + [4]) + 10
    # The last rotated label leans right, past the last column.
    width = label_w + len(report.questions) * (CELL + GAP) + label_h // 2
    height = label_h + len(report.learners) * (CELL + GAP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Progress heat map" '
             f'width="{width}" height="{height}" font-size="12">']
    for col, qid in enumerate(report.questions):
        x = label_w + col * (CELL + GAP) + CELL // 2
        parts.append(f'<text transform="translate({x},{label_h - 6}) rotate(-60)">{escape(qid)}</text>')
    for row, name in enumerate(report.learners):
        y = label_h + row * (CELL + GAP)
        parts.append(f'<text x="0" y="{y + CELL - 6}">{escape(name)}</text>')
        for col, qid in enumerate(report.questions):
            state = report.states[name][qid]
            x = label_w + col * (CELL + GAP)
            parts.append(f'<rect class="cell" x="{x}" y="{y}" width="{CELL}" height="{CELL}" '
                         f'fill="{COLOURS[state]}"><title>{escape(name)}, {escape(qid)}: {state}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A table of ``header`` (plain text) and ``rows`` of cells already rendered (``_td``)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _td(text: str, css: str = "") -> str:
    return f'<td class="{css}">{escape(text)}</td>' if css else f"<td>{escape(text)}</td>"


def legend() -> str:
    """The heat map's key: a square of each state's colour and its name."""
    keys = "".join(f'<span class="swatch" style="background: {COLOURS[state]}"></span>{state}'
                   for state in (PASSED, TRYING, NOT_STARTED))
    return f'<p class="note">Key:{keys}</p>'


def page(report: Report, viewer: str, instructor: bool, updated: str) -> str:
    """The whole page for ``viewer``: the class for an instructor, the viewer's own row for a learner. Who is
    where comes right after the heat map, so an instructor sees who is stuck on what without scrolling past
    the per-question tables."""
    title = "progress of the class" if instructor else "your progress"
    sections = [f"<h1>Classroom: {title}</h1>",
                f'<p class="note">Signed in as {escape(viewer)}. Updated {escape(updated)}; '
                f"this page reloads every {REFRESH_SECONDS} s.</p>"]
    if not report.learners:
        sections.append("<p>No events yet: no check has been run.</p>")
    else:
        where = "Where each learner is now" if instructor else "Where you are now"
        now = [f"<h2>{where}</h2>", _table(
            ["learner", "now at", "state", "last mistake", "last event (UTC)", "passed"],
            [[_td(r.learner), _td(r.question), _td(r.state, r.state.replace(" ", "-")),
              _td(f"{r.mistake}: {r.message}" if r.mistake else UNRECOGNISED if r.stuck else "-"),
              _td(when(r.time), "time"), _td(str(r.passed))]
             for r in report.per_learner])]
        sections += ["<h2>Heat map</h2>", legend(), heat_map(report), *now]
        if report.per_question:
            sections += ["<h2>Per question</h2>", _table(
                ["question", "passed", "median attempts", "most frequent mistakes"],
                [[_td(row.question), _td(f"{row.passed}/{row.learners} ({row.share_passed:.0%})"),
                  _td("-" if row.median_attempts is None else f"{row.median_attempts:g}"),
                  "<td>" + ("<br>".join(f"{escape(m.id)} &times;{m.count}: {escape(m.message)}" for m in row.mistakes)
                            or "-") + "</td>"] for row in report.per_question])]
        sections += ["<h2>Questions by learners</h2>",
                     _table(["question", *report.learners],
                            [[_td(qid), *(_td(report.states[name][qid], report.states[name][qid].replace(" ", "-"))
                                          for name in report.learners)] for qid in report.questions])]
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}"><title>Classroom</title>'
            f"<style>{_STYLE}</style></head><body>{''.join(sections)}</body></html>")
