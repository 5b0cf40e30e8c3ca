"""Does the class report count what happened: each learner's state per question, the share passed, the
median attempts until a pass, the three most frequent mistakes with the course's own messages, and
where each learner is now? And does a learner's cut hold their own row only?"""

import re

from course_utils.checks import COUNT, Mistake, ValueQuestion
from course_utils.classroom import report
from course_utils.classroom.events import Event

Q1 = ValueQuestion(id="les.q1", prompt="", expected=10, tolerance=COUNT,
                   mistakes=[Mistake(11, "eleven"), Mistake(12, "twelve"), Mistake(13, "thirteen"),
                             Mistake(14, "fourteen")])
Q2 = ValueQuestion(id="les.q2", prompt="", expected=1.5)
Q3 = ValueQuestion(id="les.q3", prompt="", expected=0)
QUESTIONS = [Q1, Q2, Q3]


def ev(user, question, event="check", status=None, mistake=None, minute=0):
    return Event(user, question, event, status, mistake, f"2026-12-02T10:{minute:02d}:00+00:00")


EVENTS = [
    # ana: a hint, two known mistakes, then a pass (3 answered checks); then a blank check of q2.
    ev("ana", "les.q1", "hint", minute=1),
    ev("ana", "les.q1", status="incorrect", mistake="les.q1.m1", minute=2),
    ev("ana", "les.q1", status="incorrect", mistake="les.q1.m0", minute=3),
    ev("ana", "les.q1", status="passed", minute=4),
    ev("ana", "les.q2", status="not_attempted", minute=5),
    # bob passes q1 at once; a check after the pass changes nothing.
    ev("bob", "les.q1", status="passed", minute=2),
    ev("bob", "les.q1", status="incorrect", mistake="les.q1.m3", minute=3),
    # cy: m1 twice, m2 once, m3 once, not passed.
    ev("cy", "les.q1", status="incorrect", mistake="les.q1.m1", minute=1),
    ev("cy", "les.q1", status="incorrect", mistake="les.q1.m2", minute=2),
    ev("cy", "les.q1", status="incorrect", mistake="les.q1.m1", minute=3),
    ev("cy", "les.q1", status="incorrect", mistake="les.q1.m3", minute=4),
]


def test_states_follow_the_rules_and_only_touched_questions_are_shown():
    built = report.build(EVENTS, QUESTIONS)
    assert built.questions == ["les.q1", "les.q2"]
    assert built.learners == ["ana", "bob", "cy"]
    assert built.states == {"ana": {"les.q1": "passed", "les.q2": "trying"},
                            "bob": {"les.q1": "passed", "les.q2": "not started"},
                            "cy": {"les.q1": "trying", "les.q2": "not started"}}


def test_per_question_share_median_attempts_and_top_three_mistakes():
    q1, q2 = report.build(EVENTS, QUESTIONS).per_question
    assert (q1.passed, q1.learners) == (2, 3)
    # Answered checks until the first pass: ana 3, bob 1, cy 4 (not passed) -> median 3.
    assert q1.median_attempts == 3
    # m1 three times (ana once, cy twice); m3 once by cy (bob's came after his pass); m0 and m2 once: ties by id.
    assert [(m.id, m.count, m.message) for m in q1.mistakes] == [
        ("les.q1.m1", 3, "twelve"), ("les.q1.m0", 1, "eleven"), ("les.q1.m2", 1, "thirteen")]
    assert (q2.passed, q2.median_attempts, q2.mistakes) == (0, None, [])


def test_where_each_learner_is_now():
    rows = report.build(EVENTS, QUESTIONS).per_learner
    assert [(r.learner, r.question, r.state, r.mistake, r.message, r.time[11:16], r.passed) for r in rows] == [
        ("ana", "les.q2", "trying", None, None, "10:05", 1),
        ("bob", "les.q1", "passed", None, None, "10:03", 1),
        ("cy", "les.q1", "trying", "les.q1.m3", "fourteen", "10:04", 0),
    ]


def test_a_wrong_answer_that_is_no_known_mistake_still_marks_the_learner_stuck():
    """Is a learner whose latest check was wrong, though no known mistake, told apart from one who only started?"""
    events = [ev("dee", "les.q2", status="incorrect", minute=1), ev("eve", "les.q2", "hint", minute=1),
              ev("fay", "les.q1", status="incorrect", mistake="les.q1.m0", minute=1)]
    rows = report.build(events, QUESTIONS).per_learner
    assert [(r.learner, r.mistake, r.stuck) for r in rows] == [("dee", None, True), ("eve", None, False),
                                                               ("fay", "les.q1.m0", True)]
    now = report.text(report.build(events, QUESTIONS)).split("Where each learner is now\n")[1].splitlines()
    assert [re.split(r"\s{2,}", line)[3] for line in now[1:]] == ["unrecognised", "-", "les.q1.m0"]


def test_rounding_mistakes_show_the_tolerance_message_and_unknown_ids_a_placeholder():
    built = report.build([ev("ana", "les.q1", status="incorrect", mistake="les.q1.rounding"),
                          ev("ana", "les.q1", status="incorrect", mistake="les.q1.m9")], QUESTIONS)
    messages = {m.id: m.message for m in built.per_question[0].mistakes}
    assert messages["les.q1.rounding"] == COUNT.too_far_message()
    assert "not a mistake this version" in messages["les.q1.m9"]


def test_a_learners_cut_has_only_their_row_and_no_class_figures():
    mine = report.only(report.build(EVENTS, QUESTIONS), "bob")
    assert mine.learners == ["bob"] and list(mine.states) == ["bob"]
    assert [r.learner for r in mine.per_learner] == ["bob"] and mine.per_question == []
    assert "ana" not in str(mine.to_json()) and "cy" not in str(mine.to_json())
    assert report.only(report.build(EVENTS, QUESTIONS), "dee").learners == []


def test_the_terminal_tables_show_the_same_figures():
    out = report.text(report.build(EVENTS, QUESTIONS))
    lines = out.splitlines()
    assert lines[0] == "Progress (3 learners; # passed, ~ trying, . not started)"
    assert [line.split() for line in lines[1:5]] == [["learner", "1", "2"], ["ana", "#", "~"], ["bob", "#", "."],
                                                    ["cy", "~", "."]]
    assert lines[5] == "Questions: 1 les.q1, 2 les.q2"
    stats = lines[lines.index("Per question") + 2]
    assert re.split(r"\s{2,}", stats) == ["les.q1", "2/3 (67%)", "3", "m1 x3; m0 x1; m2 x1"]
    assert "  les.q1.m1: twelve" in out
    assert report.text(report.build([], QUESTIONS)) == "No events yet: no learner has run a check."


def test_the_terminal_report_of_30_learners_by_20_questions_fits_100_columns():
    """Does a full workshop's report (30 learners, 20 questions, long mistake messages) fit a 100-column terminal,
    with every question named in the key?"""
    long = "A mistake message long enough to need wrapping in any terminal, " * 3
    questions = [ValueQuestion(id=f"lesson_{i:02d}.q{i}", prompt="", expected=1, mistakes=[Mistake(2, long)])
                 for i in range(20)]
    events = [ev(f"learner.number{n:02d}", q.id, status="incorrect", mistake=f"{q.id}.m0")
              for n in range(30) for q in questions]
    out = report.text(report.build(events, questions))
    assert max(len(line) for line in out.splitlines()) <= report.WIDTH
    key = out[out.index("Questions:"):out.index("\n\nPer question")].replace("\n    ", " ")
    assert all(f"{i + 1} {q.id}" in key for i, q in enumerate(questions))
