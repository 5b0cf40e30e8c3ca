"""Does SYLLABUS.md cover every seed topic, does every section it names exist, and is every TAUGHT row taught?"""

import json
import re

import pytest

from course_utils.roles.tables import SOURCES
from course_utils.paths import ROOT

# The topics issues 5 and 14 ask the syllabus to cover, as words that must start a row's topic.
REQUIRED_TOPICS = (
    "Definitions", "Responsibilities", "Daily tasks", "Tools and technologies", "Skills",
    "Education", "Stakeholders", "Career growth", "Salary",
    "MLOps", "Model drift", "Scalability, security and reliability",
    "Generative AI", "Which role is better", "Transitions", "The ML lifecycle",
    "Data collection", "Unsupervised learning", "Deep learning", "Regulation, compliance",
    "Memory use", "Distributed computing", "Certifications", "Continuous learning",
    "Demand, industries", "Where each role sits", "The ceiling and plateau",
)
STATUSES = ("TAUGHT", "MENTIONED")
ROW = re.compile(r"^\| (?P<topic>[^|]+?) \| (?P<sources>[^|]+?) \| (?P<status>[A-Z]+) \| "
                 r"\[`(?P<notebook>[^`]+)`\]\((?P<link>[^)]+)\) \| (?P<section>[^|]+?) \|$")
LEFT_OUT = re.compile(r"^\| (?P<topic>[^|]+?) \| (?P<sources>[^|]+?) \| (?P<reason>[^|]+?) \|$")
LEFT_OUT_HEADING = "## Left out on purpose"
HEADING = re.compile(r"^(#{1,6}) (.+)$")


def _tables():
    """The table lines before and after the "Left out on purpose" heading, without header rows."""
    text = (ROOT / "SYLLABUS.md").read_text()
    assert LEFT_OUT_HEADING in text, "SYLLABUS.md has no 'Left out on purpose' section"
    covered, left_out = text.split(LEFT_OUT_HEADING, 1)

    def body(part):
        return [line for line in part.splitlines()
                if line.startswith("| ") and not line.startswith("| Topic") and not line.startswith("|---")]
    return body(covered), body(left_out)


def _parse(lines, pattern):
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed), f"malformed syllabus row: {lines[parsed.index(None)]}"
    return [m.groupdict() for m in parsed]


def rows():
    return _parse(_tables()[0], ROW)


def left_out_rows():
    return _parse(_tables()[1], LEFT_OUT)


def _cells(notebook):
    return json.loads((ROOT / notebook).read_text())["cells"]


def headings(notebook):
    text = "\n".join("".join(c["source"]) for c in _cells(notebook) if c["cell_type"] == "markdown")
    return {m.group(2).strip() for m in map(HEADING.match, text.splitlines()) if m}


def section_code(notebook, heading):
    """The code cells between a markdown heading and the next heading of the same or a higher level."""
    level, code, inside = None, [], False
    for cell in _cells(notebook):
        if cell["cell_type"] == "code":
            if inside:
                code.append("".join(cell["source"]))
            continue
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            m = HEADING.match(line)
            if not m:
                continue
            if not inside and m.group(2).strip() == heading:
                level, inside = len(m.group(1)), True
            elif inside and len(m.group(1)) <= level:
                return code
    return code


def _taught(notebook, heading):
    code = [c for c in section_code(notebook, heading) if c.strip()]
    if notebook.startswith("solutions/"):
        return any(".check(" in c for c in code)
    return bool(code)


def test_the_table_has_rows():
    assert len(rows()) >= len(REQUIRED_TOPICS)


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["topic"])
def test_every_row_points_at_an_existing_notebook_section(row):
    assert row["notebook"] == row["link"], "the link text and target differ"
    assert (ROOT / row["notebook"]).exists(), f"{row['notebook']} does not exist"
    assert row["section"] in headings(row["notebook"]), f"{row['notebook']} has no heading {row['section']!r}"


@pytest.mark.parametrize("row", rows() + left_out_rows(), ids=lambda r: r["topic"])
def test_every_row_names_seed_articles_by_their_short_names(row):
    names = [s.strip() for s in row["sources"].split(",")]
    assert names and set(names) <= set(SOURCES), f"unknown source in {row['sources']!r}"


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["topic"])
def test_every_row_is_marked_taught_or_mentioned(row):
    assert row["status"] in STATUSES


@pytest.mark.parametrize("row", [r for r in rows() if r["status"] == "TAUGHT"], ids=lambda r: r["topic"])
def test_every_taught_row_has_something_the_learner_runs(row):
    what = "checked question" if row["notebook"].startswith("solutions/") else "code cell"
    assert _taught(row["notebook"], row["section"]), f"{row['notebook']} § {row['section']!r} has no {what}"


@pytest.mark.parametrize("row", left_out_rows(), ids=lambda r: r["topic"])
def test_every_left_out_topic_gives_a_reason(row):
    assert len(row["reason"].split()) >= 5, f"no real reason for leaving out {row['topic']!r}"


@pytest.mark.parametrize("topic", REQUIRED_TOPICS)
def test_every_required_topic_has_a_row(topic):
    assert any(r["topic"].startswith(topic) for r in rows()), f"no syllabus row for {topic!r}"


def test_section_code_stops_at_the_next_heading_of_the_same_level():
    # Lesson 40's salary section has code; the GenAI section after it has a table cell of its own.
    salary = section_code("notebooks/40_careers.ipynb", "Salary ranges, with their sources")
    assert any("salary_ranges" in c for c in salary)
    assert not any("genai" in c for c in salary)


def test_a_prose_only_section_is_not_counted_as_taught():
    assert not _taught("notebooks/01_two_roles_one_lifecycle.ipynb", "Two analogies")
    assert not _taught("notebooks/40_careers.ipynb", "Demand, industries and what comes next")
