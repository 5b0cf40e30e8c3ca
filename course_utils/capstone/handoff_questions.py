"""Questions of ``30_capstone_handoff``: review a flawed hand-off from data science to engineering.

``flawed_handoff()`` returns a model card and its metadata with planted problems;
``PROBLEM_CODES`` lists candidate problems, some planted and some not. ``q3`` checks the learner's
own hand-off checklist field by field (see ``course_utils.capstone.checklist``).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache

from course_utils.checks import Case, CustomQuestion, FunctionQuestion, NotAttempted

_CARD = """# Model card: churn-predictor (final_v2)

**What it does.** Predicts which customers will churn. Works for all customers.

**Model.** A logistic regression on the customer table, saved as `model.pkl`.

**Performance.** ROC AUC 0.91 on the 6,988 customers of the clean table, the same customers it was trained on.

**Contact.** The data science team, channel #churn-model.
"""


@cache
def _metadata() -> dict:
    """The flawed metadata, built on first use: its feature list comes from the model module (scikit-learn)."""
    from course_utils.mle.model import FEATURES

    return {
        "model_name": "churn-predictor",
        "model_version": "final_v2",
        "artifact_file": "model.pkl",
        "training_rows": 6988,
        "target": "Churn",
        "features": list(FEATURES),
        "metrics": {"roc_auc": 0.91, "evaluated_on": "training data"},
        "requirements": ["scikit-learn", "pandas", "numpy"],
    }


# code: (planted?, what it means, what to say when it is missed or wrongly named), in a mixed order.
_PROBLEMS = {
    "no_feature_schema": (True, "No feature schema: the features are named, but not their types or allowed values.",
                          "Look at what the metadata says about each feature: a name alone does not tell the "
                          "service which values to accept or refuse."),
    "simple_model": (False, "The model is a logistic regression, too simple for production.",
                     "A simple model is not a hand-off problem: logistic regression is fast and explainable, and "
                     "often good enough. What matters is that its quality is measured honestly."),
    "metric_on_training_data": (True, "The reported metric was measured on the training data.",
                                "Read how the ROC AUC was measured: a score on the customers the model learned "
                                "from flatters it and says little about new customers."),
    "no_version_pins": (True, "Library versions are not pinned.",
                        "Look at the requirements: a name without a version cannot rebuild the same "
                        "environment, and models do not load safely across scikit-learn versions."),
    "no_contact": (False, "The card names nobody to contact.",
                   "The card does name a contact: the data science team and their channel."),
    "no_artifact_hash": (True, "No hash of the model file.",
                         "How would the engineer notice that model.pkl changed after it was handed over?"),
    "pickle_format": (True, "The model is saved with pickle.",
                      "Look at the file name: loading a pickle can run any code inside it, so a safer format "
                      "(such as skops) and a hash check are expected."),
    "no_training_size": (False, "The metadata does not say how many customers trained the model.",
                         "training_rows is there (6988). The problem is not the size but that nobody can "
                         "check which rows they were."),
    "no_limits": (True, "The card states no limits and no intended use.",
                  '"Works for all customers" is a claim, not a limit: a card must say what the model is for '
                  "and where it is known to fail (for example after a price change)."),
    "no_data_hash": (True, "No record of exactly which data trained the model.",
                     "Could anyone check, later, which rows this model was trained on? A row count is not enough."),
}
PROBLEM_CODES = {code: meaning for code, (_, meaning, _) in _PROBLEMS.items()}
PLANTED = frozenset(code for code, (planted, _, _) in _PROBLEMS.items() if planted)

REQUIRED_FIELDS = (
    "model_name", "model_version", "artifact_sha256", "training_data_sha256",
    "features", "feature_schema", "metrics", "library_versions",
)


def flawed_handoff() -> tuple[str, dict]:
    """The flawed model card (Markdown text) and metadata (a fresh copy each call)."""
    return _CARD, copy.deepcopy(_metadata())


def _grade_problems(answer: object) -> str | None:
    if isinstance(answer, str):
        return 'Expected a set of codes, like {"no_limits", "pickle_format"}, not one string.'
    try:
        named = set(answer)
    except TypeError:
        return 'Expected a set of codes from PROBLEM_CODES, like {"no_limits", "pickle_format"}.'
    if not named:
        raise NotAttempted
    unknown = sorted(str(c) for c in named if c not in _PROBLEMS)
    if unknown:
        return f"{unknown[0]!r} is not one of the codes of PROBLEM_CODES: print PROBLEM_CODES to see them."
    decoys = sorted(named - PLANTED)
    if decoys:
        return f"{decoys[0]!r} is not a problem of this hand-off: {_PROBLEMS[decoys[0]][2]}"
    missed = sorted(PLANTED - named)
    if missed:
        return (f"You found {len(PLANTED) - len(missed)} of the {len(PLANTED)} planted problems. "
                f"One you missed: {_PROBLEMS[missed[0]][2]}")
    return None


q1 = CustomQuestion(
    id="capstone.q1",
    prompt="Which problems of PROBLEM_CODES does the flawed hand-off have? Give a set of codes.",
    grader=_grade_problems,
    pass_message=f"You found all {len(PLANTED)} planted problems, and no false alarm.",
    hints=[
        "Read the card and the metadata as the engineer who must run this model next week: what would you ask?",
        "Check each item of the 'what a good hand-off contains' checklists against the card and the metadata.",
        "Seven codes are planted problems; the three about the model's simplicity, the contact and the "
        "training size are not.",
    ],
    solution_text=(
        "problems = {\n" + "".join(f'    "{c}",\n' for c in sorted(PLANTED)) + "}"
    ),
)

_COMPLETE = {field: "x" for field in REQUIRED_FIELDS}


class _OnFirstUse(Sequence):
    """A sequence that ``build()`` makes the first time it is read, so importing builds nothing."""

    def __init__(self, build) -> None:
        self._build = cache(build)

    def __getitem__(self, index):
        return self._build()[index]

    def __len__(self) -> int:
        return len(self._build())


def _missing_fields_cases() -> list[Case]:
    metadata = _metadata()
    return [
        Case(args=(_COMPLETE,), expected=[],
             message="a metadata dict with every required field has nothing missing."),
        Case(args=(metadata,), expected=[field for field in REQUIRED_FIELDS if field not in metadata],
             message="the flawed metadata lacks four required fields; fields it has that are not required "
                     "(like requirements) do not count."),
        Case(args=({},), expected=list(REQUIRED_FIELDS), message="an empty dict misses every required field."),
        Case(args=({**_COMPLETE, "feature_schema": {}, "library_versions": None},),
             expected=["feature_schema", "library_versions"],
             message="an empty value ({}, [], '' or None) is as useless as a missing one, so count it as missing."),
    ]


q2 = FunctionQuestion(
    id="capstone.q2",
    prompt="Write missing_fields(metadata): the REQUIRED_FIELDS that are missing or empty (any order).",
    ordered=False,
    cases=_OnFirstUse(_missing_fields_cases),
    hints=[
        "Loop over REQUIRED_FIELDS and keep the ones that are not usable in metadata.",
        "metadata.get(field) is None when the field is absent; an empty dict or list is falsy too.",
        "return [field for field in REQUIRED_FIELDS if not metadata.get(field)]",
    ],
    solution_text=(
        "def missing_fields(metadata):\n"
        "    return [field for field in REQUIRED_FIELDS if not metadata.get(field)]"
    ),
)


def _grade_checklist(answer: object) -> str | None:
    from course_utils.capstone import checklist

    if not isinstance(answer, dict):
        return "Expected the checklist dict, with the fields of blank_checklist()."
    if all(answer.get(field, ...) is ... for field in checklist.FIELDS):
        raise NotAttempted
    unknown = sorted(str(k) for k in answer if k not in checklist.FIELDS)
    if unknown:
        return f"{unknown[0]!r} is not a field of the checklist: keep the keys of blank_checklist()."
    found = checklist.problems(answer)
    if not found:
        return None
    right = len(checklist.FIELDS) - len(found)
    waiting = sum(message.startswith("checked once") for message in found.values())
    lines = [f"{right} of {len(checklist.FIELDS)} fields are right"
             + (f"; {waiting} can be checked only once another is fixed." if waiting else ".")]
    lines += [f"- {field}: {message}" for field, message in found.items()]
    return "\n".join(lines)


q3 = CustomQuestion(
    id="capstone.q3",
    prompt="Fill the hand-off checklist (blank_checklist()) for the artifact you built; each field is checked "
           "against the artifact, the installed libraries and the data.",
    grader=_grade_checklist,
    pass_message="Every field matches the artifact and the data: an engineer can run this model without asking.",
    hints=[
        "Take each fact from its source, not from memory: the file for its hash, importlib.metadata for versions, "
        "the clean table for column types, the test split for the metric.",
        "hashlib.sha256((artifact_dir / 'model.skops').read_bytes()).hexdigest() is the artifact's hash; "
        "best_threshold(y_test, scores, 20, 600, 0.13) is the campaign's threshold.",
        "For monitoring, check the noise first: with windows of 1,000 customers, chance alone gives a PSI of "
        "about 0.02, so an alert at 0.1 fires on real shifts only.",
    ],
    solution_text=(
        "checklist = {\n"
        "    'artifact_path': str(artifact_dir / 'model.skops'),\n"
        "    'artifact_sha256': hashlib.sha256((artifact_dir / 'model.skops').read_bytes()).hexdigest(),\n"
        "    'model_version': meta['model_version'],\n"
        "    'library_versions': {name: importlib.metadata.version(name) for name in model.LIBRARIES},\n"
        "    'input_schema': {c: meta['feature_schema'][c]['type'] for c in model.FEATURES},\n"
        "    'threshold': best_threshold(y_test, scores, 20, 600, 0.13),\n"
        "    'threshold_reason': 'the most profitable threshold when a call costs 20 USD and a saved customer '\n"
        "                        'is worth 600 USD, 13% of reached churners staying',\n"
        "    'metric': 'roc_auc',\n"
        "    'metric_value': roc_auc_score(y_test, scores),\n"
        "    'monitoring': {'statistic': 'psi', 'feature': 'MonthlyCharges', 'window': 1000, 'alert_above': 0.1},\n"
        "    'owners': {'data_science': 'Ana (churn analytics)', 'ml_engineering': 'Bo (ML platform)'},\n"
        "}"
    ),
)
