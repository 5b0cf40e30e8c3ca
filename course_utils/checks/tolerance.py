"""The course's tolerance policy: how close a number must be to pass, stated once for learners.

Every numeric ``ValueQuestion`` names one of these kinds (``tolerance=PROPORTION``), so the
rule a learner reads in ``00_start_here`` is the rule the engine applies. An answer that is
further off than the rule allows, but within ``too_far`` of the right value, is the right
value rounded too much, and the message says so instead of calling it wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    """One kind of number: the distance that passes, the distance that counts as rounded too far, the rule in words."""

    kind: str
    abs_tol: float
    rel_tol: float
    too_far: float  # absolute, or relative to the expected value when ``too_far_is_relative``
    rule: str
    example: str
    too_far_is_relative: bool = False

    def accepts(self, answer: float, expected: float) -> bool:
        return math.isclose(answer, expected, abs_tol=self.abs_tol, rel_tol=self.rel_tol)

    def rounded_too_far(self, answer: float, expected: float) -> bool:
        """Whether ``answer`` misses only because it was rounded more than the rule allows."""
        limit = self.too_far * abs(expected) if self.too_far_is_relative else self.too_far
        return not self.accepts(answer, expected) and abs(answer - expected) <= limit

    def too_far_message(self) -> str:
        return f"Right idea, but rounded too far. For {self.kind}, {self.rule}. For example, {self.example}."


# A rounding error is at most half the last kept digit, so "3 decimals" passes anything within 0.0005.
COUNT = Tolerance("a count", 0.0, 0.0, 0.0, "give the exact whole number", "12 and 12.0 pass for 12")
PROPORTION = Tolerance(
    "a proportion, a rate or a score between 0 and 1 (churn rate, recall, AUC, correlation, probability)",
    5e-4, 0.0, 5e-3, "keep at least 3 decimals, as a fraction rather than a percentage",
    "0.265 and 0.26537 pass for 0.26537; 0.27 is rounded too far and 26.5 is a percentage",
)
P_VALUE = Tolerance("a p-value", 5e-4, 0.0, 5e-3, "keep at least 3 decimals; a tiny one may be given as 0.000",
                    "0.042 passes for 0.04184, and 0.003 for 0.003127")
MONEY = Tolerance("an amount of money", 0.5 + 1e-9, 0.0, 50.0, "round to the whole unit at most; cents are welcome",
                  "1234 and 1234.46 pass for 1234.46")
MEASURE = Tolerance("another measured quantity (a statistic such as PSI, a mean or a ratio)", 0.0, 5e-3, 0.05,
                    "keep at least 3 significant figures", "0.0123 passes for 0.012345, and 45.7 for 45.68",
                    too_far_is_relative=True)

POLICY = (COUNT, PROPORTION, P_VALUE, MONEY, MEASURE)

COLLECTIONS = (
    "A collection can be a list, a tuple, a NumPy array or a pandas Series (its values, in order). "
    "Where order does not matter the question says so, and a set is accepted too. "
    "A table of values by name can be a dict or a Series indexed by the names."
)


def policy_text() -> str:
    """The policy in plain words, as ``00_start_here`` shows it."""
    lines = [f"- {t.kind[0].upper()}{t.kind[1:]}: {t.rule}. For example, {t.example}." for t in POLICY]
    return "\n".join(["How close a number must be:", *lines, "", COLLECTIONS])
