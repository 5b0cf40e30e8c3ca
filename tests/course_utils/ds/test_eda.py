"""Does the EDA helper compute churn rates per value, draw them, and wire them to a widget?"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from course_utils.data import load_clean
from course_utils.ds.eda import churn_rate_by, describe_top, explorer, plot_churn_rate, tenure_band, with_tenure_band

TINY = pd.DataFrame({"Contract": ["A", "A", "A", "B"], "Churn": [1, 0, 0, 1]})


def test_churn_rate_by_gives_rate_and_count_per_value():
    """Is the rate the share of 1s and the count the number of rows, per value?"""
    table = churn_rate_by(TINY, "Contract")
    assert table.loc["A", "churn_rate"] == pytest.approx(1 / 3)
    assert table.loc["B", "churn_rate"] == 1.0
    assert table["customers"].to_dict() == {"A": 3, "B": 1}


def test_churn_rate_by_matches_the_planted_contract_effect():
    """On the clean data, do month-to-month customers churn at about 41% and two-year at about 3%?"""
    table = churn_rate_by(load_clean(), "Contract")
    assert table.loc["Month-to-month", "churn_rate"] == pytest.approx(0.4106, abs=1e-4)
    assert table.loc["Two year", "churn_rate"] == pytest.approx(0.0274, abs=1e-4)
    assert table["customers"].sum() == len(load_clean())


def test_churn_rate_by_names_a_missing_column():
    """Does asking for an absent column raise KeyError with its name?"""
    with pytest.raises(KeyError, match="Plan"):
        churn_rate_by(TINY, "Plan")


def test_tenure_band_includes_upper_ends_and_zero():
    """Do 0 and 12 fall in 0-12, 13 in 13-24 and 72 in 49-72?"""
    bands = tenure_band(pd.Series([0, 12, 13, 48, 49, 72]))
    assert [str(b) for b in bands] == ["0-12", "0-12", "13-24", "25-48", "49-72", "49-72"]


def test_tenure_bands_keep_their_order_in_the_table():
    """Are tenure bands listed youngest first, not alphabetically?"""
    table = churn_rate_by(with_tenure_band(load_clean()), "tenure_band")
    assert [str(v) for v in table.index] == ["0-12", "13-24", "25-48", "49-72"]


def test_describe_top_names_highest_and_lowest_with_counts():
    """Does the sentence name the top and bottom values with their rates and counts?"""
    text = describe_top(churn_rate_by(TINY, "Contract"), "Contract")
    assert text == "Contract: B churns most (100% of 1 customers); A least (33% of 3)."


def test_plot_shows_percentages_counts_and_the_top_value():
    """Does the chart draw one bar per value in percent, label counts and title the highest?"""
    ax = plot_churn_rate(churn_rate_by(TINY, "Contract"), "Contract")
    assert [round(p.get_width(), 1) for p in ax.patches] == [33.3, 100.0]
    assert "Contract = B" in ax.get_title()
    assert "1 customers" in [t.get_text() for t in ax.texts]
    plt.close("all")


def test_explorer_returns_the_table_and_chart_of_the_picked_column():
    """Does picking a column in the widget recompute the table and redraw the chart?"""
    widget = explorer(load_clean(), columns=("Contract", "tenure_band"))
    assert list(widget.result.index) == ["Month-to-month", "One year", "Two year"]
    first_chart = bytes(widget.chart.value)
    assert first_chart.startswith(b"\x89PNG")
    assert widget.caption.value.startswith("Contract: Month-to-month churns most (41% of 3,848 customers)")
    widget.picker.value = "tenure_band"
    assert [str(v) for v in widget.result.index] == ["0-12", "13-24", "25-48", "49-72"]
    assert widget.caption.value.startswith("tenure_band: 0-12 churns most")
    assert bytes(widget.chart.value) != first_chart


def test_explorer_displays_as_its_widget():
    """Does the explorer display as a widget view (what Jupyter renders)?"""
    bundle = explorer(load_clean(), columns=("Contract",))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
