"""Does SYLLABUS.md cover every seed topic, and does every notebook section it names exist?"""

import json
import re

import pytest

from course_utils.roles.tables import SOURCES
from course_utils.paths import ROOT

# The topics issue 5 asks the syllabus to cover, as words that must start a row's topic.
REQUIRED_TOPICS = (
    "Definitions", "Responsibilities", "Daily tasks", "Tools and technologies", "Skills",
    "Education", "Stakeholders", "Career growth", "Salary",
    "MLOps", "Model drift", "Scalability, security and reliability",
    "Generative AI", "Which role is better", "Transitions", "The ML lifecycle",
)
ROW = re.compile(r"^\| (?P<topic>[^|]+?) \| (?P<sources>[^|]+?) \| \[`(?P<notebook>[^`]+)`\]\((?P<link>[^)]+)\) \| (?P<section>[^|]+?) \|$")


def rows():
    lines = (ROOT / "SYLLABUS.md").read_text().splitlines()
    table = [line for line in lines if line.startswith("| ") and not line.startswith("| Topic")]
    parsed = [ROW.match(line) for line in table]
    assert all(parsed), f"malformed syllabus row: {table[parsed.index(None)]}"
    return [m.groupdict() for m in parsed]


def headings(notebook):
    cells = json.loads((ROOT / notebook).read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return {m.group(1).strip() for m in re.finditer(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)}


def test_the_table_has_rows():
    assert len(rows()) >= len(REQUIRED_TOPICS)


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["topic"])
def test_every_row_points_at_an_existing_notebook_section(row):
    assert row["notebook"] == row["link"], "the link text and target differ"
    assert (ROOT / row["notebook"]).exists(), f"{row['notebook']} does not exist"
    assert row["section"] in headings(row["notebook"]), f"{row['notebook']} has no heading {row['section']!r}"


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["topic"])
def test_every_row_names_seed_articles_by_their_short_names(row):
    names = [s.strip() for s in row["sources"].split(",")]
    assert names and set(names) <= set(SOURCES), f"unknown source in {row['sources']!r}"


@pytest.mark.parametrize("topic", REQUIRED_TOPICS)
def test_every_required_topic_has_a_row(topic):
    assert any(r["topic"].startswith(topic) for r in rows()), f"no syllabus row for {topic!r}"
