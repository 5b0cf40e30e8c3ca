"""The careers self-assessment: ten statements about what you enjoy, scored into a lean.

The scoring is a plain function, ``assess``, so it can be tested and reused; the
widget in ``self_assessment`` is only a thin layer over it. The result is a prompt
for reflection, not a verdict: it counts what you said you enjoy against what the
seed articles say each role involves, and explains every answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SCALE = {1: "strongly disagree", 2: "disagree", 3: "neutral", 4: "agree", 5: "strongly agree"}
NEUTRAL = 3
LEAN_THRESHOLD = 4
ROLE_NAMES = {"DS": "data science", "MLE": "ML engineering"}


@dataclass(frozen=True)
class Statement:
    key: str
    text: str
    role: str
    because: str


STATEMENTS = (
    Statement("chance", "I enjoy working out whether a difference in the data is real or just chance.", "DS",
              "all three articles name statistics for data scientists, and novustech adds testing hypotheses (novustech, igmguru, devto)"),
    Statement("engineering", "I enjoy writing code that other programs call, with tests around it.", "MLE",
              "production-level code, APIs and backend systems are an ML engineer's daily work (novustech)"),
    Statement("story", "I like turning an analysis into a clear story for the people who decide.", "DS",
              "data storytelling and presenting to executives are data-science work (novustech)"),
    Statement("speed", "I get a kick out of making a slow program fast.", "MLE",
              "optimising latency, throughput and memory is on the ML engineer's list (igmguru)"),
    Statement("experiment", "I would enjoy designing an experiment to test a business idea.", "DS",
              "experimentation is named for data scientists (novustech, devto)"),
    Statement("automation", "I like automating a job so that nobody has to do it by hand again.", "MLE",
              "automating training pipelines is on the ML engineer's list, and automation is what devto says they prefer (novustech, devto)"),
    Statement("open_questions", "I like exploring a data set without knowing where it will lead.", "DS",
              "exploratory, research-oriented work is how novustech and devto describe data science (novustech, devto)"),
    Statement("architecture", "I enjoy designing how the parts of a system fit together.", "MLE",
              "novustech lists system design as an ML-engineering skill; devto names software architecture among what they prefer (novustech, devto)"),
    Statement("business", "I care most about what the business should do next.", "DS",
              "business insight and decision support are the data scientist's product (novustech, igmguru)"),
    Statement("reliability", "I want what I build to keep working at 3 a.m. without me.", "MLE",
              "reliability, monitoring and scale are the ML engineer's responsibility (novustech, devto)"),
)
_BY_KEY = {s.key: s for s in STATEMENTS}


@dataclass(frozen=True)
class Assessment:
    """Interest points per role (0 to 20 each), the lean, and one explanation per answer."""

    ds_points: int
    mle_points: int
    lean: str
    explanations: tuple[str, ...]

    def summary(self) -> str:
        """The result as a few lines of plain text, explanations included."""
        lines = [
            f"Data-science statements: {self.ds_points} of 20 points. "
            f"ML-engineering statements: {self.mle_points} of 20 points.",
            self.lean,
            "",
            "Why:",
            *[f"- {e}" for e in self.explanations],
            "",
            "This is a reflection aid, not a verdict: ten statements cannot measure a career, the roles "
            "overlap, and people move between them. Use it to decide what to try next.",
        ]
        return "\n".join(lines)


def _lean(ds: int, mle: int) -> str:
    gap = mle - ds
    if gap >= LEAN_THRESHOLD:
        lean = "You lean towards ML engineering."
    elif gap <= -LEAN_THRESHOLD:
        lean = "You lean towards data science."
    else:
        lean = "No clear lean: your answers are close to balanced."
    if min(ds, mle) >= 15:
        lean += " You enjoy both sides; hybrid and small-team roles need exactly that."
    elif max(ds, mle) <= 5:
        lean += " Neither list excites you much, which is useful to know too."
    return lean


def _explain(statement: Statement, answer: int) -> str:
    field = ROLE_NAMES[statement.role]
    said = SCALE[answer]
    if answer > NEUTRAL:
        effect = f"points towards {field}"
    elif answer < NEUTRAL:
        effect = f"points a little away from {field}"
    else:
        effect = "counts for neither side"
    return f'"{statement.text}" You said {said}: this {effect}, because {statement.because}.'


def assess(answers: Mapping[str, int]) -> Assessment:
    """Score answers on the 1-5 scale of ``SCALE``, one per statement key of ``STATEMENTS``.

    Each answer gives ``answer - 1`` points (0 to 4) to its statement's role, so each role
    has 0 to 20 points. The lean needs a gap of at least ``LEAN_THRESHOLD`` points.
    ``ValueError`` names a missing, unknown or out-of-range answer.
    """
    unknown = sorted(set(answers) - set(_BY_KEY))
    if unknown:
        raise ValueError(f"Unknown statement key(s): {', '.join(unknown)}.")
    missing = [s.key for s in STATEMENTS if s.key not in answers]
    if missing:
        raise ValueError(f"Answer every statement; missing: {', '.join(missing)}.")
    for key, value in answers.items():
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise ValueError(f"The answer to {key!r} must be a whole number from 1 to 5, not {value!r}.")
    points = {"DS": 0, "MLE": 0}
    for s in STATEMENTS:
        points[s.role] += answers[s.key] - 1
    explanations = tuple(_explain(s, answers[s.key]) for s in STATEMENTS)
    return Assessment(points["DS"], points["MLE"], _lean(points["DS"], points["MLE"]), explanations)


def self_assessment():
    """The widget: one slider per statement, a button, and the result shown below.

    Returns the ``VBox``; its ``result`` attribute is the last ``Assessment`` (``None``
    until the button is clicked).
    """
    import html

    import ipywidgets as widgets

    sliders = {
        s.key: widgets.SelectionSlider(
            options=[(label, value) for value, label in SCALE.items()], value=NEUTRAL,
            continuous_update=False, layout=widgets.Layout(width="420px"),
        )
        for s in STATEMENTS
    }
    rows = [widgets.VBox([widgets.HTML(f"<b>{i}.</b> {html.escape(s.text)}"), sliders[s.key]])
            for i, s in enumerate(STATEMENTS, start=1)]
    button = widgets.Button(description="See my lean", button_style="primary")
    output = widgets.HTML()
    box = widgets.VBox([*rows, button, output])
    box.result = None

    def show(_):
        box.result = assess({key: slider.value for key, slider in sliders.items()})
        output.value = f'<pre style="white-space: pre-wrap;">{html.escape(box.result.summary())}</pre>'

    button.on_click(show)
    box.sliders = sliders
    box.output = output
    return box
