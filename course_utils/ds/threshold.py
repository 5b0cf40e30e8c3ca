"""Choosing a churn model's decision threshold by business cost, and a slider widget over it.

The campaign: call every customer whose churn score is at least the threshold. Each call
costs ``call_cost``. A called customer who would have churned stays with probability
``save_rate`` (the retention offer does not convince everyone) and is then worth
``saved_value``. A called customer who would have stayed anyway gains nothing. So::

    expected profit = churners reached * save_rate * saved_value - calls * call_cost

``profit_curve`` evaluates this over a grid of thresholds; ``best_threshold`` picks the most
profitable one; ``ThresholdExplorer`` puts sliders over the costs (a thin layer, no logic).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.01, 1.0, 0.01))


def _validate(y_true, scores, call_cost: float, saved_value: float, save_rate: float):
    y = np.asarray(y_true).astype(int)
    s = np.asarray(scores, dtype=float)
    if y.shape != s.shape or y.ndim != 1:
        raise ValueError(f"y_true and scores must be 1-D and the same length, not {y.shape} and {s.shape}")
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError("y_true must hold only 0 (stayed) and 1 (churned)")
    if call_cost < 0 or saved_value <= 0 or not 0 < save_rate <= 1:
        raise ValueError("need call_cost >= 0, saved_value > 0 and 0 < save_rate <= 1")
    return y, s


def campaign_outcome(y_true, scores, threshold: float, call_cost: float, saved_value: float,
                     save_rate: float = 1.0) -> dict:
    """What calling every customer with ``score >= threshold`` gives.

    Returns ``threshold``, ``calls``, ``churners_reached``, ``precision`` (share of calls that
    reach a churner; 0 when nobody is called), ``recall`` (share of churners reached) and
    ``profit`` (expected, in the currency of the costs).
    """
    y, s = _validate(y_true, scores, call_cost, saved_value, save_rate)
    called = s >= threshold
    calls = int(called.sum())
    reached = int((called & (y == 1)).sum())
    churners = int((y == 1).sum())
    return {
        "threshold": float(threshold),
        "calls": calls,
        "churners_reached": reached,
        "precision": reached / calls if calls else 0.0,
        "recall": reached / churners if churners else 0.0,
        "profit": reached * save_rate * saved_value - calls * call_cost,
    }


def profit_curve(y_true, scores, call_cost: float, saved_value: float, save_rate: float = 1.0,
                 thresholds=THRESHOLDS) -> pd.DataFrame:
    """``campaign_outcome`` for each threshold (default 0.01 to 0.99 in steps of 0.01), one row each."""
    rows = [campaign_outcome(y_true, scores, t, call_cost, saved_value, save_rate) for t in thresholds]
    return pd.DataFrame(rows)


def best_threshold(y_true, scores, call_cost: float, saved_value: float, save_rate: float = 1.0,
                   thresholds=THRESHOLDS) -> float:
    """The threshold of ``profit_curve`` with the highest expected profit (the lowest one if tied)."""
    curve = profit_curve(y_true, scores, call_cost, saved_value, save_rate, thresholds)
    return float(curve.loc[curve["profit"].idxmax(), "threshold"])


def break_even_probability(call_cost: float, saved_value: float, save_rate: float = 1.0) -> float:
    """The churn probability above which one call pays for itself: ``call_cost / (save_rate * saved_value)``.

    With perfectly calibrated scores this is the best threshold.
    """
    if saved_value <= 0 or not 0 < save_rate <= 1:
        raise ValueError("need saved_value > 0 and 0 < save_rate <= 1")
    return call_cost / (save_rate * saved_value)


def plot_profit_curve(curve: pd.DataFrame, ax=None):
    """Expected profit against threshold, with the best threshold marked. Returns the Axes."""
    from course_utils.style import COLORS

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    best = curve.loc[curve["profit"].idxmax()]
    ax.plot(curve["threshold"], curve["profit"] / 1000, color=COLORS["ds"])
    ax.axhline(0, color=COLORS["neutral"], linewidth=0.8)
    ax.axvline(best["threshold"], color=COLORS["churned"], linestyle="--")
    ax.set_xlabel("Threshold (call if churn score is at least this)")
    ax.set_ylabel("Expected profit (thousand USD)")
    ax.set_title(f"Best threshold {best['threshold']:.2f}: {best['profit'] / 1000:,.1f}k USD")
    return ax


def summary_text(outcome: dict) -> str:
    """One line describing a campaign outcome (a dict or a row of ``profit_curve``), for widgets and reports."""
    return (f"threshold {outcome['threshold']:.2f}: call {int(outcome['calls']):,} customers, reach "
            f"{int(outcome['churners_reached']):,} churners (precision {outcome['precision']:.0%}, recall "
            f"{outcome['recall']:.0%}), expected profit {outcome['profit']:,.0f} USD")


class ThresholdExplorer:
    """Sliders for the call cost and the value of a saved customer, over ``profit_curve``.

    Moving a slider recomputes ``curve`` and ``best`` (the best threshold's outcome), rewrites
    the summary line and redraws the chart as a PNG ``ipywidgets.Image``. All outputs live in
    the widgets, so stored notebook outputs are the same with or without a browser.
    """

    def __init__(self, y_true, scores, call_cost: float = 10.0, saved_value: float = 500.0,
                 save_rate: float = 1.0) -> None:
        import ipywidgets as widgets

        self.y_true, self.scores, self.save_rate = y_true, scores, save_rate
        style = {"description_width": "initial"}
        self.call_cost = widgets.FloatSlider(value=call_cost, min=1, max=100, step=1, style=style,
                                             description="Cost of a call (USD)")
        self.saved_value = widgets.FloatSlider(value=saved_value, min=50, max=2000, step=50, style=style,
                                               description="Value of a saved customer (USD)")
        self.summary = widgets.HTML()
        self.chart = widgets.Image(format="png")
        self.widget = widgets.VBox([self.call_cost, self.saved_value, self.summary, self.chart])
        self.curve: pd.DataFrame | None = None
        self.best: dict | None = None
        for slider in (self.call_cost, self.saved_value):
            slider.observe(self._update, names="value")
        self._update()

    def _update(self, change=None) -> None:
        from matplotlib.figure import Figure

        self.curve = profit_curve(self.y_true, self.scores, self.call_cost.value, self.saved_value.value,
                                  self.save_rate)
        self.best = self.curve.loc[self.curve["profit"].idxmax()].to_dict()
        self.summary.value = f"<b>Best</b> {summary_text(self.best)}"
        fig = Figure(figsize=(6.0, 3.0), dpi=80, layout="constrained")
        plot_profit_curve(self.curve, ax=fig.subplots())
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        self.chart.value = buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
