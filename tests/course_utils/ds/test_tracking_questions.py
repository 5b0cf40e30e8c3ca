"""Are the questions of 14_ds_tracking_registry graded from the learner's MLflow store, three ways?"""

from functools import cache

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from corpus import Corpus, Lazy, Right, Wrong, corpus_tests
from course_utils import tracking
from course_utils.checks import NOT_ATTEMPTED, get
from course_utils.data import load_clean
from course_utils.mle import model
from course_utils.mle.serving import EXAMPLE

NUMERIC = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]


def _split():
    df = load_clean()
    train, _ = train_test_split(df, test_size=0.2, stratify=df["Churn"], random_state=0)
    return df, train


def _pipeline(c):
    """The course's logistic pipeline, written out here so the expected scores are derived independently."""
    categorical = [f for f in model.FEATURES if f not in NUMERIC]
    prep = ColumnTransformer([("n", StandardScaler(), NUMERIC),
                              ("c", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical)])
    return Pipeline([("p", prep), ("m", LogisticRegression(C=c, max_iter=1000))])


@cache
def scores(c, rows="train", shuffled=True, metric="auc"):
    """Fold-by-fold scores computed by hand: fit on four folds, score the fifth."""
    df, train = _split()
    data = train if rows == "train" else df
    X, y = data[list(model.FEATURES)], data["Churn"]
    folds = StratifiedKFold(5, shuffle=True, random_state=0) if shuffled else StratifiedKFold(5)
    out = []
    for fit_idx, score_idx in folds.split(X, y):
        fitted = _pipeline(c).fit(X.iloc[fit_idx], y.iloc[fit_idx])
        if metric == "auc":
            out.append(roc_auc_score(y.iloc[score_idx], fitted.predict_proba(X.iloc[score_idx])[:, 1]))
        else:
            out.append(float((fitted.predict(X.iloc[score_idx]) == y.iloc[score_idx]).mean()))
    return out


@cache
def store(name):
    """A store in a temporary folder, in one of the states a learner's store can be in; returns its runs."""
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix=f"store-{name}-"))
    tracking.use_store(folder)
    log = tracking.log_candidate
    runs = {"folder": folder}
    if name in ("complete", "no-registry", "wrong-alias", "mistakes", "one-c", "polluted", "all-rows-artifact"):
        runs["c1"] = log("c1", {"kind": "logistic", "C": 1.0}, {"cv_auc_mean": np.mean(scores(1.0))})
    if name in ("complete", "no-registry", "wrong-alias", "polluted"):
        runs["c001"] = log("c001", {"kind": "logistic", "C": 0.01}, {"cv_auc_mean": np.mean(scores(0.01))})
    if name == "mistakes":
        mean = np.mean(scores(1.0))
        runs["percent"] = log("p", {"kind": "logistic", "C": 1.0}, {"cv_auc_mean": 100 * mean})
        runs["all_rows"] = log("a", {"kind": "logistic", "C": 1.0}, {"cv_auc_mean": np.mean(scores(1.0, rows="all"))})
        runs["plain_folds"] = log("f", {"kind": "logistic", "C": 1.0},
                                  {"cv_auc_mean": np.mean(scores(1.0, shuffled=False))})
        runs["accuracy"] = log("acc", {"kind": "logistic", "C": 1.0},
                               {"cv_auc_mean": np.mean(scores(1.0, metric="accuracy"))})
        runs["one_fold"] = log("one", {"kind": "logistic", "C": 1.0}, {"cv_auc_mean": scores(1.0)[2]})
        runs["no_c"] = log("noc", {"kind": "logistic"}, {"cv_auc_mean": mean})
        runs["c001"] = log("c001", {"kind": "logistic", "C": 0.01}, {"cv_auc_mean": np.mean(scores(0.01))})
    if name == "polluted":  # a run question 1 refused stays in the store, as in a real tracker
        runs["c3_all_rows"] = log("c3", {"kind": "logistic", "C": 3.0},
                                  {"cv_auc_mean": np.mean(scores(3.0, rows="all"))})
    if name == "all-rows-artifact":
        runs["v1"] = tracking.register(log("art", {"kind": "logistic"}, {},
                                           artifact_dir=model.build_artifact(folder / "build", _split()[0])))
    if name in ("complete", "wrong-alias"):
        artifact = model.build_artifact(folder / "build", _split()[1])
        alias = "champion" if name == "complete" else "production"
        runs["v1"] = tracking.register(log("art", {"kind": "logistic", "C": 1.0}, {}, artifact_dir=artifact), alias)
        if name == "complete":
            runs["v2"] = tracking.register(log("art2", {"kind": "logistic", "C": 1.0}, {}, artifact_dir=artifact))
            runs["p"] = float(model.load_artifact(artifact).model.predict_proba(pd.DataFrame([EXAMPLE]))[0, 1])
    return runs


def at(name, pick):
    """A Lazy answer: switch MLflow to store ``name``, then pick the answer from its runs."""
    def build():
        runs = store(name)
        tracking.use_store(runs["folder"])
        return pick(runs)
    return Lazy(build)


CORPUS = {
    "ds_tracking.q1": Corpus(
        wrong=[
            Wrong(at("mistakes", lambda r: r["percent"]), "percentage"),
            Wrong(at("mistakes", lambda r: r["all_rows"]), "test set included"),
            Wrong(at("mistakes", lambda r: r["plain_folds"]), "cv=FOLDS"),
            Wrong(at("mistakes", lambda r: r["accuracy"]), "accuracy"),
            Wrong(at("mistakes", lambda r: r["one_fold"]), "one fold"),
            Wrong(at("mistakes", lambda r: r["no_c"]), "no C parameter"),
            Wrong(at("mistakes", lambda r: "0" * 32), "No run with that id"),
            Wrong(at("mistakes", lambda r: {"run_id": r["c1"]}), "run id"),
        ],
        right=[
            Right(at("mistakes", lambda r: r["c1"]), "the run id, as text"),
            Right(at("mistakes", lambda r: tracking.client().get_run(r["c1"])), "the Run object itself"),
            Right(at("mistakes", lambda r: r["c001"]), "another C, scored on its own"),
            Right(at("mistakes", lambda r: f" {r['c1']}\n"), "an id pasted with spaces"),
        ],
    ),
    "ds_tracking.q2": Corpus(
        wrong=[
            Wrong(at("complete", lambda r: 0.01), "lowest cv_auc_mean"),
            Wrong(at("complete", lambda r: round(float(np.mean(scores(1.0))), 4)), "That is an AUC"),
            Wrong(at("complete", lambda r: 5.0), "No run in the store used C=5"),
            Wrong(at("no-registry", lambda r: "best"), "Give the value of C"),
            Wrong(at("one-c", lambda r: 1.0), "at least two different values"),
        ],
        right=[
            Right(at("complete", lambda r: 1.0), "a float"),
            Right(at("complete", lambda r: "1.0"), "the text MLflow stores in params.C"),
            Right(at("complete", lambda r: np.float64(1)), "a NumPy number"),
            Right(at("mistakes", lambda r: 1), "a store that also holds wrong runs, one as a percentage"),
            Right(at("polluted", lambda r: 1.0), "a store with a refused run (C=3 on all rows) of higher AUC"),
        ],
    ),
    "ds_tracking.q3": Corpus(
        wrong=[
            Wrong(at("complete", lambda r: r["v1"]), "champion points at version 2"),
            Wrong(at("complete", lambda r: r["c1"]), "looks like a run id"),
            Wrong(at("no-registry", lambda r: "1"), "no registered model 'churn'"),
            Wrong(at("wrong-alias", lambda r: r["v1"]), "no alias 'champion' (aliases: production)"),
            Wrong(at("all-rows-artifact", lambda r: r["v1"]), "build the artifact from train"),
        ],
        right=[
            Right(at("complete", lambda r: r["v2"]), "the text register returns"),
            Right(at("complete", lambda r: int(r["v2"])), "an int"),
            Right(at("complete", lambda r: tracking.version_for_alias("champion")), "the ModelVersion object"),
        ],
    ),
    "ds_tracking.q4": Corpus(
        wrong=[
            Wrong(at("complete", lambda r: 1 - r["p"]), "class 0"),
            Wrong(at("complete", lambda r: 1), "label"),
            Wrong(at("complete", lambda r: 100 * r["p"]), "percentage"),
            Wrong(at("complete", lambda r: round(r["p"], 2)), "rounded too far"),
            Wrong(at("no-registry", lambda r: 0.5), "finish question 3 first"),
        ],
        right=[
            Right(at("complete", lambda r: r["p"]), "the probability as computed"),
            Right(at("complete", lambda r: round(r["p"], 3)), "rounded to 3 decimals"),
            Right(at("complete", lambda r: np.float64(r["p"])), "a NumPy float"),
            Right(at("complete", lambda r: float(tracking.load_by_alias("champion").predict_proba(EXAMPLE)[0])),
                  "predict_proba given the EXAMPLE dict itself"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)


@pytest.mark.parametrize("qid", list(CORPUS))
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED
