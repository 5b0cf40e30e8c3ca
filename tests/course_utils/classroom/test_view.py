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
    assert "No events yet" in page and "<svg" not in page and "Classroom: your progress" in page
    mine = view.page(report.only(report.build(EVENTS, QUESTIONS), "bob"), "bob", False, "10:03:00 UTC")
    assert "Where you are now" in mine and "each learner" not in mine and "<td>ana</td>" not in mine


def test_who_is_where_comes_right_after_the_map_with_a_key_and_a_short_time():
    """Does an instructor read who is stuck on what just below the map, before the per-question tables, with a
    key of the map's colours and each learner's last event as date and minute?"""
    page = view.page(report.build(EVENTS, QUESTIONS), "teacher", True, "10:03:00 UTC")
    order = [page.index(h) for h in ("<h2>Heat map</h2>", "<h2>Where each learner is now</h2>",
                                     "<h2>Per question</h2>", "<h2>Questions by learners</h2>")]
    assert order == sorted(order)
    assert all(f'background: {view.COLOURS[state]}"></span>{state}' in page for state in view.COLOURS)
    assert '<td class="time">2026-12-02 10:02</td>' in page and "2026-12-02T10:02:00+00:00" not in page


def test_a_wrong_answer_that_is_no_known_mistake_says_so():
    """Does the page say a learner's latest answer was wrong even when it matched no known mistake?"""
    events = [Event("dee", "les.q2", "check", "incorrect", None, "2026-12-02T10:00:00+00:00")]
    page = view.page(report.build(events, QUESTIONS), "teacher", True, "10:03:00 UTC")
    assert f"<td>{report.UNRECOGNISED}</td>" in page
