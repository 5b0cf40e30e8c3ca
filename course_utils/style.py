"""One small plotting style for every figure of the course.

The palette is Okabe and Ito's, which stays distinguishable with the common forms of
colour blindness. Figures are small, so stored notebooks stay light.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
# Named uses, so "churned" has the same colour in every lesson.
COLORS = {"stayed": OKABE_ITO[0], "churned": OKABE_ITO[3], "ds": OKABE_ITO[1], "mle": OKABE_ITO[2],
          "neutral": "#7F7F7F"}

RC = {
    "figure.figsize": (6.0, 3.5),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "figure.constrained_layout.use": True,
    "axes.prop_cycle": cycler(color=OKABE_ITO),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "font.size": 10,
}


def use_course_style() -> None:
    """Apply the course style to every figure drawn after this call."""
    mpl.rcParams.update(RC)
