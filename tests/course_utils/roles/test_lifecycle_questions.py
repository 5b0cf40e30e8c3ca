"""Are the questions of 01_two_roles_one_lifecycle graded three ways, with messages that explain?"""

import csv

import numpy as np
import pandas as pd
import pytest
from corpus import Corpus, Right, Wrong, corpus_tests

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.paths import DATA_DIR
from course_utils.roles.lifecycle_questions import TASKS, task_table


def roles_by_stage(stated_only: bool = True) -> dict[str, set[str]]:
    """Each stage of data/roles/lifecycle.csv, in stage order, with the roles that have an activity there.

    ``stated_only`` skips the rows marked as our inference.
    """
    with open(DATA_DIR / "roles" / "lifecycle.csv", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["stage_order"]))
    stages: dict[str, set[str]] = {}
    for row in rows:
        roles = stages.setdefault(row["stage"], set())
        if row["basis"] == "stated" or not stated_only:
            roles.add(row["role"])
    return stages


def shared(stated_only: bool = True) -> list[str]:
    return [s for s, roles in roles_by_stage(stated_only).items() if len(roles) == 2]


def responsibilities(role=None, stage=None, source=None) -> list[dict]:
    """Rows of data/roles/responsibilities.csv read with the csv module, filtered on what is given."""
    with open(DATA_DIR / "roles" / "responsibilities.csv", newline="") as f:
        return [r for r in csv.DictReader(f)
                if role in (None, r["role"]) and stage in (None, r["lifecycle_stage"]) and source in (None, r["source"])]


def right_sorting():
    return {t.number: t.role for t in TASKS}


def number_of(text):
    return next(t.number for t in TASKS if text in t.task)


@pytest.mark.parametrize("qid", ["roles.q1", "roles.q2", "roles.q3"])
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


def test_q2_the_shared_stated_stages_are_data_model_and_deploy():
    """The articles state both roles at three stages; our inferences add monitor and retrain."""
    assert shared() == ["data", "model", "deploy"]
    assert shared(stated_only=False) == ["data", "model", "deploy", "monitor", "retrain"]


CORPUS = {
    "roles.q1": Corpus(
        wrong=[
            Wrong({**right_sorting(), number_of("A/B experiment"): "MLE"}, says="statistics question", seen="an experiment sounds technical"),
            Wrong({**right_sorting(), number_of("input schema"): "MLE"}, says="hand-off contract",
                  seen="the service validates the schema, so the engineer owns it"),
            Wrong({**right_sorting(), number_of("labelled"): "MLE"}, says="annotation strategy",
                  seen="labelling looks like data engineering"),
            Wrong({**right_sorting(), number_of("Train a churn model"): "DS"}, says="both roles build models",
                  seen="modelling is what data scientists do"),
            Wrong({t.number: "both" for t in TASKS}, says="Every task is 'both'?"),
            Wrong([right_sorting()[n] for n in range(1, 16)], says="Expected a dict"),
        ],
        right=[
            Right(right_sorting(), how="a dict of int keys and short labels"),
            Right({str(n): {"DS": "Data Scientist", "MLE": "ML engineer", "both": "shared"}[r]
                   for n, r in right_sorting().items()}, how="string keys and spelled-out labels"),
            Right(pd.Series(right_sorting()).to_dict(), how="built from a Series"),
        ],
    ),
    "roles.q2": Corpus(
        wrong=[
            Wrong(shared(stated_only=False), says="counts our inferences too",
                  seen="grouping the whole table, as the table had no basis column before"),
            Wrong([s for s, roles in roles_by_stage().items() if len(roles) == 1], says="only one role"),
            Wrong(list(roles_by_stage()), says="That is every stage"),
            Wrong(["deploy"], says="share more stages"),
            Wrong(len(shared()), says="Expected a list"),
        ],
        right=[
            Right(shared(), how="a list in stage order"),
            Right(tuple(reversed(shared())), how="a tuple in another order"),
            Right(set(shared()), how="a set"),
            Right(np.array(shared()), how="the index values as a numpy array"),
        ],
    ),
    "roles.q3": Corpus(
        wrong=[
            Wrong(len(responsibilities(stage="deploy")), says="counts both roles"),
            Wrong(len(responsibilities("MLE", "deploy", "igmguru")), says="one article's count"),
            Wrong(len(responsibilities("MLE", "deploy", "novustech")), says="one article's count"),
            Wrong(round(len(responsibilities("MLE", "deploy")) / len(responsibilities("MLE")), 3),
                  says="share of the engineer's responsibilities"),
            Wrong(len(responsibilities("MLE")), says="every ML-engineer responsibility"),
            Wrong(str(len(responsibilities("MLE", "deploy"))), says="Expected a number"),
        ],
        right=[
            Right(len(responsibilities("MLE", "deploy")), how="len() of the filtered table"),
            Right(float(len(responsibilities("MLE", "deploy"))), how="a float from .sum() of a mask"),
            Right(np.int64(len(responsibilities("MLE", "deploy"))), how="a numpy integer from .shape or .sum()"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)
