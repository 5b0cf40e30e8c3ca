"""Does the self-assessment score answers as documented and explain every one of them?"""

import pytest

from course_utils.roles import careers
from course_utils.roles.careers import STATEMENTS, assess


def answers_with(ds, mle):
    return {s.key: ds if s.role == "DS" else mle for s in STATEMENTS}


def test_there_are_ten_statements_five_per_role_with_unique_keys():
    assert len(STATEMENTS) == 10
    assert [s.role for s in STATEMENTS].count("DS") == 5
    assert len({s.key for s in STATEMENTS}) == 10


def test_strong_ds_answers_lean_towards_data_science():
    result = assess(answers_with(ds=5, mle=1))
    assert (result.ds_points, result.mle_points) == (20, 0)
    assert result.lean.startswith("You lean towards data science.")


def test_strong_mle_answers_lean_towards_ml_engineering():
    result = assess(answers_with(ds=2, mle=4))
    assert (result.ds_points, result.mle_points) == (5, 15)
    assert result.lean.startswith("You lean towards ML engineering.")


def test_all_neutral_has_no_clear_lean():
    result = assess(answers_with(3, 3))
    assert (result.ds_points, result.mle_points) == (10, 10)
    assert result.lean == "No clear lean: your answers are close to balanced."


def test_a_gap_just_below_the_threshold_is_not_a_lean():
    answers = answers_with(3, 3)
    mle_keys = [s.key for s in STATEMENTS if s.role == "MLE"]
    for key in mle_keys[:3]:
        answers[key] = 4
    assert assess(answers).lean.startswith("No clear lean")
    answers[mle_keys[3]] = 4
    assert assess(answers).lean.startswith("You lean towards ML engineering")


def test_enjoying_both_and_neither_are_named():
    assert "You enjoy both sides" in assess(answers_with(5, 4)).lean
    assert "Neither list excites you much" in assess(answers_with(1, 2)).lean


def test_every_answer_is_explained_with_its_direction_and_reason():
    answers = answers_with(3, 3)
    answers["chance"], answers["speed"] = 5, 1
    explanations = assess(answers).explanations
    assert len(explanations) == 10
    first = explanations[0]
    assert "You said strongly agree: this points towards data science" in first and "statistics" in first
    speed = next(e for e in explanations if "slow program fast" in e)
    assert "points a little away from ML engineering" in speed
    assert "counts for neither side" in explanations[1]


def test_summary_says_it_is_a_reflection_aid_not_a_verdict():
    text = assess(answers_with(4, 2)).summary()
    assert "reflection aid, not a verdict" in text
    assert "Data-science statements: 15 of 20 points" in text


@pytest.mark.parametrize("bad, message", [
    ({"chance": 3}, "missing"),
    ({**answers_with(3, 3), "salary": 5}, "Unknown statement"),
    ({**answers_with(3, 3), "chance": 6}, "from 1 to 5"),
    ({**answers_with(3, 3), "chance": 4.5}, "from 1 to 5"),
    ({**answers_with(3, 3), "chance": True}, "from 1 to 5"),
])
def test_bad_answers_are_refused_with_a_reason(bad, message):
    with pytest.raises(ValueError, match=message):
        assess(bad)


def test_the_widget_shows_the_same_result_as_the_function():
    box = careers.self_assessment()
    assert box.result is None and len(box.sliders) == 10
    box.sliders["chance"].value = 5
    box.sliders["reliability"].value = 1
    box.children[-2].click()
    expected = assess({**answers_with(3, 3), "chance": 5, "reliability": 1})
    assert box.result == expected
    assert "You lean towards data science." in box.output.value
