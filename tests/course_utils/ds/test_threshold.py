"""Does the business-cost helper compute campaign profit, pick the best threshold and drive its sliders?"""

import numpy as np
import pytest

from course_utils.ds.threshold import (
    ThresholdExplorer,
    best_threshold,
    break_even_probability,
    campaign_outcome,
    profit_curve,
    summary_text,
)

Y = np.array([1, 1, 0, 0, 1, 0])
SCORES = np.array([0.9, 0.7, 0.6, 0.3, 0.2, 0.1])


def test_campaign_outcome_counts_calls_reach_and_profit():
    """At 0.5, are 3 calls made, 2 churners reached, and profit 2*0.5*100 - 3*10 = 70?"""
    out = campaign_outcome(Y, SCORES, 0.5, call_cost=10, saved_value=100, save_rate=0.5)
    assert out == {"threshold": 0.5, "calls": 3, "churners_reached": 2, "precision": 2 / 3,
                   "recall": 2 / 3, "profit": 70.0}


def test_calling_nobody_costs_and_earns_nothing():
    """Above every score, is nobody called, with precision 0 rather than a division error?"""
    out = campaign_outcome(Y, SCORES, 0.95, call_cost=10, saved_value=100)
    assert (out["calls"], out["precision"], out["recall"], out["profit"]) == (0, 0.0, 0.0, 0.0)


def test_the_threshold_includes_equal_scores():
    """Is a customer whose score equals the threshold called?"""
    assert campaign_outcome(Y, SCORES, 0.7, call_cost=1, saved_value=10)["calls"] == 2


def test_profit_curve_has_one_row_per_threshold():
    """Does the default grid run from 0.01 to 0.99 in steps of 0.01?"""
    curve = profit_curve(Y, SCORES, call_cost=10, saved_value=100)
    assert len(curve) == 99
    assert curve["threshold"].iloc[0] == 0.01 and curve["threshold"].iloc[-1] == 0.99
    assert list(curve.columns) == ["threshold", "calls", "churners_reached", "precision", "recall", "profit"]


def test_best_threshold_follows_the_costs():
    """Do cheap calls reach every churner (skipping only the stayer scored 0.1), and dear calls only the surest?"""
    assert best_threshold(Y, SCORES, call_cost=1, saved_value=100) == 0.11
    assert best_threshold(Y, SCORES, call_cost=60, saved_value=100, thresholds=(0.1, 0.5, 0.8)) == 0.8


def test_break_even_probability():
    """Does a 20 USD call pay off above 0.25 when a saved customer is worth 400 and 20% are saved?"""
    assert break_even_probability(20, 400, 0.2) == pytest.approx(0.25)


def test_bad_inputs_are_refused_with_a_reason():
    """Are mismatched lengths, non-0/1 labels and impossible costs refused?"""
    with pytest.raises(ValueError, match="same length"):
        campaign_outcome(Y[:3], SCORES, 0.5, 10, 100)
    with pytest.raises(ValueError, match="only 0"):
        campaign_outcome(Y * 2, SCORES, 0.5, 10, 100)
    with pytest.raises(ValueError, match="save_rate"):
        campaign_outcome(Y, SCORES, 0.5, 10, 100, save_rate=0)


def test_summary_text_is_one_readable_line():
    """Does the summary name the threshold, calls, precision, recall and profit?"""
    text = summary_text(campaign_outcome(Y, SCORES, 0.5, call_cost=10, saved_value=100, save_rate=0.5))
    assert text == ("threshold 0.50: call 3 customers, reach 2 churners (precision 67%, recall 67%), "
                    "expected profit 70 USD")


def test_sliders_recompute_the_best_threshold():
    """Does raising the call cost in the widget move the best threshold up and redraw the chart?"""
    explorer = ThresholdExplorer(Y, SCORES, call_cost=1, saved_value=100)
    assert explorer.best["threshold"] == 0.11
    first_chart = bytes(explorer.chart.value)
    explorer.call_cost.value = 60
    assert explorer.best["threshold"] > 0.5
    assert "threshold" in explorer.summary.value
    assert bytes(explorer.chart.value) != first_chart
