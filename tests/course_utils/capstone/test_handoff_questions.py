"""Are the hand-off review questions of 30_capstone_handoff graded three ways?"""

import atexit
import hashlib
import importlib.metadata
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from corpus import Corpus, Lazy, Right, Wrong, corpus_tests

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.capstone.handoff_questions import PLANTED, PROBLEM_CODES, REQUIRED_FIELDS, flawed_handoff
from course_utils.data import load_clean


@pytest.mark.parametrize("qid", ["capstone.q1", "capstone.q2", "capstone.q3"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_an_empty_set_is_not_attempted():
    assert get("capstone.q1").grade(set()).status == NOT_ATTEMPTED


def test_q1_every_planted_problem_passes_as_a_set_or_a_list():
    q = get("capstone.q1")
    assert q.grade(set(PLANTED)).status == PASSED
    assert q.grade(sorted(PLANTED)).status == PASSED


def test_q1_the_planted_problems_are_really_in_the_handoff():
    card, meta = flawed_handoff()
    assert "feature_schema" not in meta and "library_versions" not in meta
    assert meta["metrics"]["evaluated_on"] == "training data" and "trained on" in card
    assert meta["artifact_file"].endswith(".pkl") and "artifact_sha256" not in meta
    assert "Limits" not in card and "intended" not in card.lower()


def test_q1_a_missed_problem_is_counted_and_hinted():
    outcome = get("capstone.q1").grade(PLANTED - {"metric_on_training_data"})
    assert outcome.status == INCORRECT
    assert "You found 6 of the 7" in outcome.message and "flatters it" in outcome.message


def test_q1_a_false_alarm_is_explained():
    outcome = get("capstone.q1").grade(set(PLANTED) | {"simple_model"})
    assert outcome.status == INCORRECT and "not a hand-off problem" in outcome.message
    contact = get("capstone.q1").grade({"no_contact"})
    assert "does name a contact" in contact.message


def test_q1_shape_problems_are_explained():
    q = get("capstone.q1")
    assert "not one string" in q.grade("no_limits").message
    assert "'bad_vibes' is not one of the codes" in q.grade({"bad_vibes"}).message
    assert "Expected a set of codes" in q.grade(3).message


def test_problem_codes_mix_planted_problems_and_decoys():
    assert PLANTED < set(PROBLEM_CODES) and len(PROBLEM_CODES) - len(PLANTED) == 3


def right(metadata):
    return [field for field in REQUIRED_FIELDS if not metadata.get(field)]


def test_q2_the_right_function_passes():
    assert get("capstone.q2").grade(right).status == PASSED


def test_q2_a_stub_is_not_attempted():
    def missing_fields(metadata):
        """Stub as the exercise ships it."""

    assert get("capstone.q2").grade(missing_fields).status == NOT_ATTEMPTED


def test_q2_returning_the_present_fields_is_wrong():
    outcome = get("capstone.q2").grade(lambda m: [f for f in REQUIRED_FIELDS if f in m])
    assert outcome.status == INCORRECT and "nothing missing" in outcome.message


def test_q2_ignoring_empty_values_is_explained():
    outcome = get("capstone.q2").grade(lambda m: [f for f in REQUIRED_FIELDS if f not in m])
    assert outcome.status == INCORRECT and "as useless as a missing one" in outcome.message


def test_q2_counting_extra_keys_is_explained():
    outcome = get("capstone.q2").grade(lambda m: right(m) + [k for k in m if k not in REQUIRED_FIELDS])
    assert outcome.status == INCORRECT and "do not count" in outcome.message


def test_the_flawed_metadata_names_the_model_features_and_lacks_four_required_fields():
    from course_utils.mle.model import FEATURES

    _, meta = flawed_handoff()
    assert meta["features"] == list(FEATURES)
    assert len(set(REQUIRED_FIELDS) - set(meta)) == 4


# --- corpora -------------------------------------------------------------------------------------------
# The checklist's right values are recomputed here from the file, the installed libraries and the data,
# with hashlib, importlib.metadata, numpy and scikit-learn, not through course_utils.capstone.

@cache
def built_artifact() -> Path:
    """One artifact folder for the whole module, removed when the tests end."""
    from course_utils.mle import model

    root = Path(tempfile.mkdtemp(prefix="checklist-test-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return model.build_artifact(root / "churn-model")


@cache
def held_out_split():
    from sklearn.model_selection import train_test_split

    from course_utils.mle import model

    df = load_clean()
    train, test = train_test_split(df, test_size=0.2, stratify=df["Churn"], random_state=0)
    scores = model.make_pipeline("logistic").fit(train[list(model.FEATURES)], train["Churn"]).predict_proba(
        test[list(model.FEATURES)])[:, 1]
    return test["Churn"].to_numpy(), scores


def best_campaign_threshold(save_rate=0.13) -> float:
    """The lowest threshold of 0.01..0.99 with the highest profit, computed with numpy alone."""
    y, scores = held_out_split()
    grid = np.round(np.arange(0.01, 1.0, 0.01), 2)
    profit = [((scores >= t) & (y == 1)).sum() * save_rate * 600 - (scores >= t).sum() * 20 for t in grid]
    return float(grid[int(np.argmax(profit))])


def right_checklist(**changes) -> dict:
    from sklearn.metrics import roc_auc_score

    from course_utils.mle import model

    folder = built_artifact()
    y, scores = held_out_split()
    df = load_clean()
    types = {c: {"i": "integer", "f": "number"}.get(df[c].dtype.kind, "category") for c in model.FEATURES}
    return {
        "artifact_path": str(folder / "model.skops"),
        "artifact_sha256": hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest(),
        "model_version": json.loads((folder / "metadata.json").read_text())["model_version"],
        "library_versions": {n: importlib.metadata.version(n)
                             for n in ("scikit-learn", "skops", "numpy", "pandas", "scipy")},
        "input_schema": types,
        "threshold": best_campaign_threshold(),
        "threshold_reason": "the most profitable threshold: a call costs 20 USD and a saved customer is worth 600 USD",
        "metric": "roc_auc",
        "metric_value": float(roc_auc_score(y, scores)),
        "monitoring": {"statistic": "psi", "feature": "MonthlyCharges", "window": 1000, "alert_above": 0.1},
        "owners": {"data_science": "Ana (churn analytics)", "ml_engineering": "Bo (ML platform)"},
        **changes,
    }


def wrong(says, seen="", **changes):
    return Wrong(Lazy(lambda: right_checklist(**{k: (v() if callable(v) else v) for k, v in changes.items()})),
                 says=says, seen=seen)


def _model_file() -> Path:
    return built_artifact() / "model.skops"


def _schema(**types):
    return lambda: {**right_checklist()["input_schema"], **types}


def _monitor(**plan):
    return {"statistic": "psi", "feature": "MonthlyCharges", "window": 1000, "alert_above": 0.1, **plan}


def _auc(fit_rows_too=False):
    from sklearn.metrics import average_precision_score, roc_auc_score

    from course_utils.mle import model

    if fit_rows_too:
        df = load_clean()
        pipeline = model.make_pipeline("logistic").fit(df[list(model.FEATURES)], df["Churn"])
        return float(roc_auc_score(df["Churn"], pipeline.predict_proba(df[list(model.FEATURES)])[:, 1]))
    y, scores = held_out_split()
    return float(roc_auc_score(y, scores)), float(average_precision_score(y, scores))


CORPUS = {
    "capstone.q1": Corpus(
        wrong=[
            Wrong(set(PLANTED) - {"metric_on_training_data"}, says="You found 6 of the 7"),
            Wrong(set(PLANTED) | {"simple_model"}, says="not a hand-off problem", seen="production wants deep nets"),
            Wrong({"no_contact", "no_limits"}, says="does name a contact"),
            Wrong("no_limits", says="not one string"),
            Wrong({"pickle"}, says="is not one of the codes", seen="typing a code from memory"),
        ],
        right=[
            Right(set(PLANTED), how="a set"),
            Right(sorted(PLANTED), how="a sorted list"),
            Right(tuple(PLANTED), how="a tuple"),
        ],
    ),
    "capstone.q2": Corpus(
        wrong=[
            Wrong(lambda m: [f for f in REQUIRED_FIELDS if f in m], says="nothing missing", seen="the present fields"),
            Wrong(lambda m: [f for f in REQUIRED_FIELDS if f not in m], says="as useless as a missing one"),
            Wrong(lambda m: right(m) + [k for k in m if k not in REQUIRED_FIELDS], says="do not count"),
            Wrong(lambda m: print([f for f in REQUIRED_FIELDS if not m.get(f)]), says="forget `return`"),
        ],
        right=[
            Right(right, how="a list comprehension"),
            Right(lambda m: sorted(set(REQUIRED_FIELDS) - {k for k, v in m.items() if v}), how="a set difference"),
            Right(lambda m: tuple(f for f in reversed(REQUIRED_FIELDS) if m.get(f) in (None, "", [], {})),
                  how="explicit empty values, a tuple in another order"),
        ],
    ),
    "capstone.q3": Corpus(
        wrong=[
            wrong("hash of the training data", "copying the first hash in metadata.json",
                  artifact_sha256=lambda: json.loads((built_artifact() / "metadata.json").read_text())[
                      "training_data_sha256"]),
            wrong("hash of the file's name", "hashing the path string",
                  artifact_sha256=lambda: hashlib.sha256(str(_model_file()).encode()).hexdigest()),
            wrong("MD5", artifact_sha256=lambda: hashlib.md5(_model_file().read_bytes()).hexdigest()),
            wrong("another file of the folder",
                  artifact_sha256=lambda: hashlib.sha256((built_artifact() / "metadata.json").read_bytes()).hexdigest()),
            wrong("artifact folder", artifact_path=lambda: str(built_artifact())),
            wrong("model's name", model_version="churn-logistic"),
            wrong("a dict from library name", library_versions=["scikit-learn", "skops", "numpy", "pandas", "scipy"]),
            wrong("is a range", "writing requirements.txt style",
                  library_versions=lambda: {**right_checklist()["library_versions"], "scikit-learn": ">=1.3"}),
            wrong("what the model predicts", input_schema=_schema(Churn="integer")),
            wrong("identifier the model never uses", input_schema=_schema(customerID="category")),
            wrong("TotalCharges holds values like", "the raw export stores it as text",
                  input_schema=_schema(TotalCharges="category")),
            wrong("tenure holds values like", input_schema=_schema(tenure="number")),
            wrong("scikit-learn's default", threshold=0.5),
            wrong("break-even", threshold=round(20 / (0.13 * 600), 3)),
            wrong("keeps every churner", threshold=lambda: best_campaign_threshold(save_rate=1.0)),
            wrong("business reason", threshold_reason="default"),
            wrong("training rows", "scoring the rows the model learned from", metric_value=lambda: _auc(True)),
            wrong("percentage", metric_value=lambda: round(100 * _auc()[0], 2)),
            wrong("value of average_precision", metric_value=lambda: _auc()[1]),
            wrong("rounded too far", metric_value=lambda: round(_auc()[0], 2)),
            wrong("fire on noise", "a window of a few days", monitoring=_monitor(window=200)),
            wrong("large shift", monitoring=_monitor(alert_above=0.3)),
            wrong("widen the window so real shifts stand out", "a window of a day's customers",
                  monitoring=_monitor(window=100)),
            wrong("arrives months late", monitoring=_monitor(feature="Churn")),
            wrong("p-value", monitoring=_monitor(statistic="ks p-value", alert_above=0.05)),
            wrong("KS compares numbers", monitoring=_monitor(statistic="ks", feature="Contract")),
            wrong("same owner", owners={"data_science": "Ana", "ml_engineering": "ana "}),
            wrong("named person", owners={"data_science": "Ana", "ml_engineering": "TBD"}),
            wrong("named person", "filling the form alone", owners={"data_science": "me", "ml_engineering": "Bo"}),
            wrong("not filled in yet", "stopping halfway", metric=..., metric_value=...),
            Wrong([("threshold", 0.3)], says="Expected the checklist dict"),
        ],
        right=[
            Right(Lazy(right_checklist), how="every fact recomputed by hand"),
            Right(Lazy(lambda: right_checklist(
                artifact_path=_model_file(),
                artifact_sha256=hashlib.sha256(_model_file().read_bytes()).hexdigest().upper(),
                library_versions=json.loads((built_artifact() / "metadata.json").read_text())["library_versions"],
                input_schema=load_clean()[list(right_checklist()["input_schema"])].dtypes,
                threshold=np.float64(best_campaign_threshold()),
                metric="Average precision", metric_value=round(_auc()[1], 3),
                monitoring={"statistic": "KS", "feature": "MonthlyCharges", "window": 1000, "alert_above": 0.1},
            )), how="a Path, an upper-case hash, versions from metadata.json, dtypes as a Series, AP rounded"),
            Right(Lazy(lambda: right_checklist(
                input_schema=json.loads((built_artifact() / "metadata.json").read_text())["feature_schema"],
                metric="AUC", metric_value=round(_auc()[0], 3),
                monitoring=_monitor(statistic="population stability index", feature="Contract", window=500,
                                    alert_above=0.05),
            )), how="the metadata's schema dicts, AUC to 3 decimals, PSI of a category on a smaller window"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)


def test_q3_the_blank_checklist_is_not_attempted():
    from course_utils.capstone.checklist import blank_checklist

    assert get("capstone.q3").grade(blank_checklist()).status == NOT_ATTEMPTED


def test_q3_every_wrong_field_gets_its_own_line():
    outcome = get("capstone.q3").grade(right_checklist(threshold=0.5, owners={"data_science": "A", "ml_engineering": "A"}))
    assert outcome.status == INCORRECT
    assert outcome.message.startswith("9 of 11 fields are right.")
    assert "\n- threshold:" in outcome.message and "\n- owners:" in outcome.message
