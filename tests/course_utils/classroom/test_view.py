"""Does the page draw one heat-map square per learner and question in the colour of its state, with the
tables beside it, say so when there is nothing yet, and reload itself?"""

import re

from course_utils.checks import Mistake, ValueQuestion
from course_utils.classroom import report, view
from course_utils.classroom.events import Event

QUESTIONS = [ValueQuestion(id="les.q1", prompt="", expected=1, mistakes=[Mistake(2, "Two is <not> one.")]),
             ValueQuestion(id="les.q2", prompt="", expected=1)]
EVENTS = [Event("ana", "les.q1", "check", "passed", None, "2026-12-02T10:00:00+00:00"),
          Event("bob", "les.q1", "check", "incorrect", "les.q1.m0", "2026-12-02T10:01:00+00:00"),
          Event("bob", "les.q2", "hint", None, None, "2026-12-02T10:02:00+00:00")]


def test_each_square_has_its_states_colour_and_tooltip():
    svg = view.heat_map(report.build(EVENTS, QUESTIONS))
    cells = re.findall(r'<rect class="cell"[^>]* fill="(#\w+)"><title>([^<]*)</title>', svg)
    assert cells == [
        (view.COLOURS["passed"], "ana, les.q1: passed"), (view.COLOURS["not started"], "ana, les.q2: not started"),
        (view.COLOURS["trying"], "bob, les.q1: trying"), (view.COLOURS["trying"], "bob, les.q2: trying"),
    ]


def test_the_instructors_page_has_the_map_the_tables_and_escaped_messages():
    page = view.page(report.build(EVENTS, QUESTIONS), "teacher", True, "10:03:00 UTC")
    assert '<meta http-equiv="refresh" content="10">' in page
    assert page.count("<svg") == 1 and page.count('class="cell"') == 4
    assert "les.q1.m0 &times;1: Two is &lt;not&gt; one." in page
    assert "<td>1/2 (50%)</td>" in page and "Signed in as teacher" in page


def test_a_page_without_events_says_so():
    page = view.page(report.build([], QUESTIONS), "ana", False, "10:03:00 UTC")
    assert "No events yet" in page and "<svg" not in page and "progress of you" in page
