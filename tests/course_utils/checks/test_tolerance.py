"""Does the engine apply the tolerance policy that 00_start_here states?"""

import numpy as np
import pandas as pd
import pytest

from course_utils.checks import COUNT, INCORRECT, MEASURE, MONEY, P_VALUE, PASSED, PROPORTION, Mistake, ValueQuestion
from course_utils.checks.tolerance import POLICY, policy_text

RATE = 0.26537


def question(expected, tolerance, **kwargs) -> ValueQuestion:
    return ValueQuestion(id="t.q1", prompt="?", expected=expected, tolerance=tolerance, **kwargs)


@pytest.mark.parametrize("answer", [RATE, 0.265, 0.2655, 0.2658])
def test_a_proportion_passes_at_three_decimals_or_more(answer):
    """Is a proportion rounded to 3 decimals (or kept whole) a pass?"""
    assert question(RATE, PROPORTION).grade(answer).status == PASSED


@pytest.mark.parametrize("answer", [0.27, 0.266])
def test_a_proportion_rounded_to_two_decimals_is_told_so(answer):
    """Is 0.27 for 0.26537 'rounded too far', with its own mistake id, rather than plain wrong?"""
    outcome = question(RATE, PROPORTION).grade(answer)
    assert outcome.status == INCORRECT and "rounded too far" in outcome.message
    assert outcome.mistake == "t.q1.rounding"


@pytest.mark.parametrize("answer", [0.30, 0.26, 0.2])
def test_a_value_further_off_than_rounding_is_not_called_a_rounding(answer):
    """Is 0.30, or 0.26 (cut, not rounded), for 0.26537 plain wrong rather than 'rounded too far'?"""
    outcome = question(RATE, PROPORTION).grade(answer)
    assert outcome.status == INCORRECT and "rounded" not in outcome.message


def test_a_known_mistake_keeps_its_message_even_when_close():
    """Does a listed mistake win over the rounding message?"""
    q = question(RATE, PROPORTION, mistakes=[Mistake(0.27, "That is the rate of another group.")])
    assert q.grade(0.27).message == "That is the rate of another group."


@pytest.mark.parametrize(("answer", "status"), [(12, PASSED), (12.0, PASSED), (np.int64(12), PASSED), (13, INCORRECT)])
def test_a_count_is_exact(answer, status):
    assert question(12, COUNT).grade(answer).status == status


@pytest.mark.parametrize(("answer", "status"), [(0.0031, PASSED), (0.003, PASSED), (0.00313, PASSED),
                                                (0.0042, INCORRECT), (0.01, INCORRECT)])
def test_a_small_p_value_passes_at_three_decimals(answer, status):
    assert question(0.003127, P_VALUE).grade(answer).status == status


@pytest.mark.parametrize(("answer", "status"), [(0.042, PASSED), (0.0418, PASSED), (0.04, INCORRECT),
                                                (4.184, INCORRECT)])
def test_a_p_value_keeps_three_decimals(answer, status):
    assert question(0.04184, P_VALUE).grade(answer).status == status


@pytest.mark.parametrize(("answer", "status"), [(1234, PASSED), (1234.46, PASSED), (1235, INCORRECT)])
def test_money_passes_to_the_whole_unit(answer, status):
    assert question(1234.46, MONEY).grade(answer).status == status


def test_money_rounded_to_hundreds_is_told_so():
    assert "rounded too far" in question(1234.46, MONEY).grade(1200).message


@pytest.mark.parametrize("answer", [[0.1, 0.5], (0.1, 0.5), np.array([0.1, 0.5]), pd.Series([0.1, 0.5], index=["a", "b"])])
def test_every_container_of_values_stands_for_a_list(answer):
    """Are a list, a tuple, an array and a Series of the values all the same answer?"""
    assert question([0.1, 0.5], PROPORTION).grade(answer).status == PASSED


def test_a_list_with_one_value_rounded_too_far_is_told_so():
    outcome = question([0.10, 0.5123], PROPORTION).grade([0.1, 0.51])
    assert outcome.status == INCORRECT and "rounded too far" in outcome.message


def test_a_series_stands_for_a_dict_by_name():
    q = question({"a": 0.25, "b": 0.7512}, PROPORTION)
    assert q.grade(pd.Series({"b": 0.7512, "a": 0.2501})).status == PASSED
    assert "rounded too far" in q.grade({"a": 0.25, "b": 0.75}).message


def test_the_policy_text_states_every_kind_and_the_collections_rule():
    text = policy_text()
    for tolerance in POLICY:
        assert tolerance.rule in text
    assert "tuple" in text and "Series" in text


@pytest.mark.parametrize("answer", [800, 45.0])
def test_a_measure_rounded_to_fewer_figures_is_told_so_at_any_scale(answer):
    """Is 800 for 762.4 (or 45 for 45.68) a rounding, though far from it in absolute terms?"""
    expected = 762.4 if answer > 100 else 45.68
    assert "rounded too far" in question(expected, MEASURE).grade(answer).message


def test_a_known_mistake_of_another_type_keeps_its_message():
    """Does a tuple that is a known mistake for a number get that mistake's message, not 'expected a number'?"""
    q = question(7043, COUNT, mistakes=[Mistake(lambda a: tuple(a) == (7043, 21), "That is df.shape.")])
    assert q.grade((7043, 21)).message == "That is df.shape."
    assert "Expected a number" in q.grade((1, 2)).message


def test_one_text_value_for_a_list_is_told_to_wrap_it():
    outcome = question(["MonthlyCharges"], None).grade("MonthlyCharges")
    assert outcome.status == INCORRECT and "['MonthlyCharges']" in outcome.message
