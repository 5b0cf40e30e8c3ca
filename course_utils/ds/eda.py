"""Exploration helpers for the churn table: churn rate per value of a column, its chart, and a widget.

The logic is ``churn_rate_by`` (a plain function, tested); ``plot_churn_rate`` draws its
result; ``explorer`` is a thin ipywidgets layer that calls both when a column is picked.
"""

from __future__ import annotations

import io

import pandas as pd

TARGET = "Churn"
TENURE_BINS = (-1, 12, 24, 48, 72)
TENURE_LABELS = ("0-12", "13-24", "25-48", "49-72")
# Columns the explorer offers: few values each, so a bar per value stays readable.
EXPLORER_COLUMNS = (
    "Contract", "tenure_band", "InternetService", "PaymentMethod", "PaperlessBilling",
    "SeniorCitizen", "TechSupport", "OnlineSecurity", "Partner", "Dependents", "gender",
)


def tenure_band(tenure: pd.Series) -> pd.Series:
    """Tenure in months as ordered bands ``0-12``, ``13-24``, ``25-48``, ``49-72`` (each includes its upper end)."""
    return pd.cut(tenure, bins=list(TENURE_BINS), labels=list(TENURE_LABELS)).rename("tenure_band")


def with_tenure_band(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with a ``tenure_band`` column added."""
    return df.assign(tenure_band=tenure_band(df["tenure"]))


def churn_rate_by(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Churn rate and number of customers for each value of ``column``.

    Returns one row per value (in the column's natural order), with ``churn_rate``
    (a fraction, the mean of the 0/1 ``Churn``) and ``customers`` (an int). Values with
    no customer are left out. ``KeyError`` if ``column`` or ``Churn`` is missing.
    """
    if column not in df.columns or TARGET not in df.columns:
        raise KeyError(f"churn_rate_by needs the columns {column!r} and {TARGET!r}")
    grouped = df.groupby(column, observed=True)[TARGET]
    table = pd.DataFrame({"churn_rate": grouped.mean(), "customers": grouped.size().astype(int)})
    return table[table["customers"] > 0]


def plot_churn_rate(table: pd.DataFrame, column: str, ax=None):
    """Horizontal bars of ``churn_rate_by``'s table, with each value's customer count beside its bar.

    The title names the value with the highest churn. Returns the Axes.
    """
    from course_utils.style import COLORS

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.0, 0.45 * len(table) + 1.2))
    labels = [str(v) for v in table.index]
    bars = ax.barh(labels, table["churn_rate"] * 100, color=COLORS["churned"])
    ax.bar_label(bars, labels=[f"{n:,} customers" for n in table["customers"]], padding=3, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(100 * table["churn_rate"].max() * 1.45, 1))
    ax.set_xlabel("Churn rate (% of customers)")
    ax.set_ylabel(column)
    top = table["churn_rate"].idxmax()
    ax.set_title(f"{column} = {top} churns most ({table.loc[top, 'churn_rate']:.0%})")
    return ax


def describe_top(table: pd.DataFrame, column: str) -> str:
    """One sentence naming the highest- and lowest-churn values of ``churn_rate_by``'s table, with counts."""
    top, low = table["churn_rate"].idxmax(), table["churn_rate"].idxmin()
    return (f"{column}: {top} churns most ({table.loc[top, 'churn_rate']:.0%} of "
            f"{table.loc[top, 'customers']:,} customers); {low} least ({table.loc[low, 'churn_rate']:.0%} of "
            f"{table.loc[low, 'customers']:,}).")


class Explorer:
    """A dropdown of columns above a one-line caption and a chart of the churn rate per value.

    A thin layer over ``churn_rate_by``, ``describe_top`` and ``plot_churn_rate``: picking a
    column recomputes ``result`` (the table), rewrites the caption (the chart's text
    alternative) and redraws the chart as a PNG in an ``ipywidgets.Image``. Drawing
    to an image rather than an ``Output`` widget keeps every output in the widget itself, so
    the notebook's stored outputs are the same with or without a browser.
    """

    def __init__(self, df: pd.DataFrame, columns=EXPLORER_COLUMNS) -> None:
        import ipywidgets as widgets

        self.data = with_tenure_band(df) if "tenure_band" in columns and "tenure_band" not in df else df
        self.picker = widgets.Dropdown(options=list(columns), value=columns[0], description="Column")
        self.caption = widgets.HTML()
        self.chart = widgets.Image(format="png")
        self.widget = widgets.VBox([self.picker, self.caption, self.chart])
        self.result: pd.DataFrame | None = None
        self.picker.observe(self._update, names="value")
        self._update()

    def _update(self, change=None) -> None:
        from matplotlib.figure import Figure

        column = self.picker.value
        self.result = churn_rate_by(self.data, column)
        self.caption.value = describe_top(self.result, column)
        fig = Figure(figsize=(6.0, 0.45 * len(self.result) + 1.2), dpi=80, layout="constrained")
        plot_churn_rate(self.result, column, ax=fig.subplots())
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        self.chart.value = buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def explorer(df: pd.DataFrame, columns=EXPLORER_COLUMNS) -> Explorer:
    """The churn explorer widget over ``df``; display it as the last line of a cell."""
    return Explorer(df, columns)
