"""Are the questions of 01_two_roles_one_lifecycle graded three ways, with messages that explain?"""

import csv

import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.paths import DATA_DIR
from course_utils.roles.lifecycle_questions import TASKS, task_table


def roles_by_stage() -> dict[str, set[str]]:
    """Each stage of data/roles/lifecycle.csv, in stage order, with the roles that have an activity there."""
    with open(DATA_DIR / "roles" / "lifecycle.csv", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["stage_order"]))
    stages: dict[str, set[str]] = {}
    for row in rows:
        stages.setdefault(row["stage"], set()).add(row["role"])
    return stages


def right_sorting():
    return {t.number: t.role for t in TASKS}


def number_of(text):
    return next(t.number for t in TASKS if text in t.task)


@pytest.mark.parametrize("qid", ["roles.q1", "roles.q2"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_a_template_of_question_marks_is_not_attempted():
    assert get("roles.q1").grade({t.number: "?" for t in TASKS}).status == NOT_ATTEMPTED


def test_q1_the_right_sorting_passes_whatever_the_spelling_of_the_labels():
    q = get("roles.q1")
    assert q.grade(right_sorting()).status == PASSED
    spelled = {str(n): {"DS": "data scientist", "MLE": " ml engineer", "both": "Both"}[r]
               for n, r in right_sorting().items()}
    assert q.grade(spelled).status == PASSED


def test_q1_a_misplaced_task_is_named_and_explained():
    """Does putting the A/B test with the engineer say why it is data science?"""
    answer = right_sorting()
    n = number_of("A/B experiment")
    answer[n] = "MLE"
    outcome = get("roles.q1").grade(answer)
    assert outcome.status == INCORRECT
    assert "14 of 15 tasks are in the right place" in outcome.message
    assert f"Task {n} (Test whether the retention offer" in outcome.message
    assert "not MLE" in outcome.message and "statistics question" in outcome.message


def test_q1_a_shared_task_given_to_one_side_explains_the_overlap():
    answer = right_sorting()
    n = number_of("input schema")
    answer[n] = "DS"
    outcome = get("roles.q1").grade(answer)
    assert outcome.status == INCORRECT and "hand-off contract" in outcome.message


def test_q1_many_mistakes_are_capped_at_three_explanations():
    answer = right_sorting()
    for t in TASKS:
        if t.role == "DS":
            answer[t.number] = "both"
    outcome = get("roles.q1").grade(answer)
    assert outcome.status == INCORRECT
    assert "9 of 15" in outcome.message and "...and 3 more" in outcome.message


def test_q1_the_same_label_everywhere_gets_its_own_message():
    outcome = get("roles.q1").grade({t.number: "both" for t in TASKS})
    assert outcome.status == INCORRECT and "Every task is 'both'?" in outcome.message


def test_q1_shape_problems_are_explained():
    q = get("roles.q1")
    assert "Expected a dict" in q.grade(["DS"] * 15).message
    missing = right_sorting()
    del missing[3]
    assert "Task(s) 3 have no label yet" in q.grade(missing).message
    assert "There is no task 16" in q.grade({**right_sorting(), 16: "DS"}).message
    assert "'data' is not a label" in q.grade({**right_sorting(), 1: "data"}).message


def test_task_table_hides_the_answers():
    table = task_table()
    assert list(table.columns) == ["task"] and table.index.tolist() == list(range(1, 16))


def test_q2_right_and_wrong():
    q = get("roles.q2")
    stages = roles_by_stage()
    shared = [s for s, roles in stages.items() if len(roles) == 2]
    assert q.grade(shared).status == PASSED
    assert q.grade(shared[::-1]).status == PASSED
    only_ds = q.grade([s for s, roles in stages.items() if roles == {"DS"}])
    assert only_ds.status == INCORRECT and "only the data scientist" in only_ds.message
    every = q.grade(list(stages))
    assert every.status == INCORRECT and "every stage" in every.message
    handoff = q.grade(["deploy"])
    assert handoff.status == INCORRECT and "share more stages" in handoff.message
