"""Checking a learner's bar chart of rates from its Axes: the bars, the labels, and the finding its title states.

The title check is a small reader of the claims a chart title makes about groups and their rates:
"Electronic check customers churn most", "Churn is lowest for automatic payers",
"Mailed check churns more than credit card (20% vs 19%)". It finds the groups a title names,
the direction it claims (most or least, more or less than) and the percentages it quotes, and
checks each against the rates. It reads short English titles, not every sentence: a clause it
cannot read (a negation, a claim without a group) is left unjudged, never failed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from course_utils.checks import PROPORTION, NotAttempted

HIGH = ("most", "highest", "more", "higher", "top", "worst", "greatest", "largest", "biggest", "riskiest",
        "twice", "double", "triple", "lead", "leads", "drive", "drives", "above", "stand out", "stands out")
LOW = ("least", "lowest", "less", "lower", "fewest", "fewer", "smallest", "safest", "best", "below", "rarely")
# Words that turn the claim around: "the most loyal" and "the most likely to stay" mean the least churn.
_INVERT = ("loyal", "stay", "stays", "retained", "retain")
_CLAUSE = re.compile(r"[;,]|\bwhile\b|\bwhereas\b|\bbut\b")
# Words after which a comparison names the group compared with: "more than card", "twice the rate of card".
_VERSUS = ("than", "as", "of", "vs", "versus", "compared with", "compared to")
_NEGATION = re.compile(r"\bnot\b|n't\b|\bneither\b|\bnor\b")
_PERCENT = re.compile(r"(\d+(?:\.(\d+))?)\s*(?:%|percent\b|per cent\b)")


def _word(text: str, words: Sequence[str]) -> int | None:
    """Position of the first of ``words`` in ``text`` as a whole word (or phrase), or None."""
    hits = [m.start() for w in words for m in [re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)] if m]
    return min(hits) if hits else None


def _mentions(clause: str, aliases: Mapping[str, frozenset]) -> list[tuple[int, frozenset]]:
    """The groups a clause names, in order: (position, the set of groups an alias stands for)."""
    found = []
    for alias in sorted(aliases, key=len, reverse=True):  # longest first, so "credit card (automatic)" wins
        for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", clause):
            found.append((match.start(), aliases[alias]))
            clause = clause[:match.start()] + " " * len(alias) + clause[match.end():]
    return sorted(found, key=lambda m: m[0])


def _direction(clause: str) -> str | None:
    high, low = _word(clause, HIGH), _word(clause, LOW)
    if high is None and low is None:
        return None
    first = "high" if low is None or (high is not None and high < low) else "low"
    return first if _word(clause, _INVERT) is None else {"high": "low", "low": "high"}[first]


def _names(groups: frozenset) -> str:
    return " and ".join(sorted(groups))


def title_problem(title: str, rates: Mapping[str, float], aliases: Mapping[str, Sequence[str]]) -> str | None:
    """``None`` if ``title`` states at least one finding and every finding it states holds for ``rates``
    (group -> fraction); else what is wrong, in a sentence. ``aliases`` maps the words a title may use
    for a group, or a set of groups (lower case), to the group names; each group's own name always counts."""
    words = {name.lower(): frozenset([name]) for name in rates}
    words.update({w: frozenset(g) if not isinstance(g, str) else frozenset([g]) for w, g in aliases.items()})
    text = title.lower()
    if not text.strip():
        return "Give the chart a title that states the finding, e.g. which group churns most."
    ranked = sorted(rates, key=rates.get, reverse=True)
    for match in _PERCENT.finditer(text):
        value, step = float(match.group(1)), 10.0 ** -len(match.group(2) or "")
        shown = [100 * r for r in rates.values()] + [100 * abs(a - b) for a in rates.values() for b in rates.values()]
        if not any(abs(value - s) <= step for s in shown):
            return (f"Your title quotes {match.group(0).strip()}, but no rate in the chart (nor a gap between two "
                    "rates) is that: check the number against your bars.")
    claims, subject = 0, None
    for clause in _CLAUSE.split(text):
        mentions, direction = _mentions(clause, words), _direction(clause)
        if direction is None or _NEGATION.search(clause):
            subject = mentions[0][1] if mentions else subject
            continue
        versus = _word(clause[_word(clause, HIGH + LOW):], _VERSUS)
        versus = None if versus is None else versus + _word(clause, HIGH + LOW)
        before = [g for p, g in mentions if versus is None or p < versus]
        others = [g for p, g in mentions if versus is not None and p > versus]
        subject = frozenset().union(*before) if before else subject  # "A and B churn most" names both
        if subject is None and others:  # "the highest share of churners: electronic check"
            subject = others.pop(0)
        if subject is None:
            continue
        claims += 1
        if others:
            left, right = subject, others[0]
            high, low = (left, right) if direction == "high" else (right, left)
            if min(rates[g] for g in high) <= max(rates[g] for g in low):
                word = "more" if direction == "high" else "less"
                return (f"Your title claims {word} churn for {_names(left)} than for {_names(right)}, but the data say "
                        f"otherwise: {', '.join(f'{g} {rates[g]:.1%}' for g in sorted(left | right))}.")
            continue
        end = ranked[:len(subject)] if direction == "high" else ranked[len(ranked) - len(subject):]
        if set(end) != set(subject):
            word = "most" if direction == "high" else "least"
            return (f"Your title claims the {word} churn for {_names(subject)}, but the data say otherwise: "
                    f"{ranked[0]} is highest ({rates[ranked[0]]:.1%}) and {ranked[-1]} lowest "
                    f"({rates[ranked[-1]]:.1%}). A title states what the bars show.")
    if not claims:
        return ("The title names the topic but not the finding: say which group churns most (or least), "
                "e.g. 'X customers churn most'.")
    return None


def _bar_values(ax) -> dict[str, list[float]]:
    """Candidate bar values by the axis that shows them: heights (vertical bars, y) and widths (horizontal, x)."""
    patches = [p for p in ax.patches if hasattr(p, "get_height")]
    return {"y": [p.get_height() for p in patches], "x": [p.get_width() for p in patches]}


def _all(got: Sequence[float], want: Sequence[float], close) -> bool:
    return len(got) == len(want) and all(close(g, w) for g, w in zip(sorted(got), sorted(want)))


def _wrong_bars(got: list[float], counts: Mapping, shares: Mapping, rates: Mapping) -> str | None:
    """What the bars show instead of the rates, if they show something known."""
    if _all(got, counts.values(), lambda g, c: math.isclose(g, c, rel_tol=1e-6)):
        return "The bars show the number of customers per group. Plot the churn rate (the mean of Churn) instead."
    for scale, unit in ((1, ""), (100, " (in percent)")):
        if _all(got, [scale * v for v in shares.values()], lambda g, w: math.isclose(g, w, rel_tol=1e-3)):
            return (f"The bars show each group's share of all churners{unit}: they add up to the whole. "
                    "The churn rate divides a group's churners by that group's customers.")
        if _all(got, [scale * (1 - v) for v in rates.values()], lambda g, w: math.isclose(g, w, rel_tol=1e-3)):
            return f"The bars show the share of customers who stayed{unit}. Plot the churn rate, the mean of Churn."
        def rounded(g: float, w: float) -> bool:
            return PROPORTION.accepts(g / scale, w) or PROPORTION.rounded_too_far(g / scale, w)

        if _all(got, rates.values(), rounded):
            return (f"Your bars are the churn rates rounded too far{unit}: draw the exact rates, "
                    "and round only the numbers you write on the chart.")
    return None


def grade_rate_chart(ax, rates: Mapping[str, float], counts: Mapping[str, int], aliases: Mapping,
                     shares: Mapping[str, float]) -> str | None:
    """``None`` if ``ax`` has one bar per group of ``rates`` (fractions or percent, either orientation), each
    group named on a tick, the rate axis labelled with its unit, and a title whose finding the rates support;
    else the first problem, in a sentence. ``counts`` and ``shares`` (of all churners) are known wrong bars."""
    if not hasattr(ax, "patches") or not hasattr(ax, "get_title"):
        return f"Expected a matplotlib Axes (the ax of fig, ax = plt.subplots()), but got {type(ax).__name__}."
    if not ax.patches:
        raise NotAttempted
    ax.figure.canvas.draw()
    labels = {t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()}
    value_axis, in_percent, problem = None, False, None
    for axis, got in _bar_values(ax).items():
        if _all(got, rates.values(), PROPORTION.accepts):
            value_axis = axis
        elif _all(got, rates.values(), lambda g, w: PROPORTION.accepts(g / 100, w)):
            value_axis, in_percent = axis, True
        else:
            problem = problem or _wrong_bars(got, counts, shares, rates)
    if value_axis is None:
        return problem or (f"Expected one bar per group ({len(rates)} bars) whose lengths are the churn rates; "
                           f"found {len(ax.patches)} bars with other values.")
    if not set(rates) <= labels:
        return "Label each bar with its group: the group names should appear as tick labels."
    rate_label = (ax.get_ylabel() if value_axis == "y" else ax.get_xlabel()).lower()
    if not rate_label.strip():
        setter = "ax.set_ylabel" if value_axis == "y" else "ax.set_xlabel"
        return f"Label the axis of the rates, with its unit, e.g. {setter}('Churn rate (%)')."
    says_percent = "%" in rate_label or "percent" in rate_label
    if in_percent and not says_percent:
        return "Your bars are in percent: say so in the axis label, e.g. 'Churn rate (%)'."
    if not in_percent and says_percent:
        return ("Your bars are fractions (0.37 for 37%), but the axis label says percent: multiply the rates by "
                "100, or label the axis 'Churn rate (fraction)'.")
    if not in_percent and not any(word in rate_label for word in ("fraction", "share", "proportion", "0-1", "0 to 1")):
        return "Say the unit in the rate axis label: 'Churn rate (fraction)', or draw percent and write '(%)'."
    return title_problem(ax.get_title(), rates, aliases)
