"""Are the questions of 13_ds_model graded three ways: blank, wrong, right?

The pipelines here are the ones learners write: built by hand with scikit-learn, never with the course's
``model.make_pipeline`` (except where using it is itself the honest alternative being tested).
"""

from functools import cache

import pytest
from sklearn.compose import ColumnTransformer, make_column_selector, make_column_transformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import make_scorer, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score, cross_validate, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from corpus import Corpus, Lazy, Right, Wrong, corpus_tests
from course_utils.checks import NOT_ATTEMPTED, PASSED, get
from course_utils.data import load_clean
from course_utils.ds.threshold import best_threshold, break_even_probability, campaign_outcome, profit_curve

IDS = [f"ds_model.q{i}" for i in range(1, 8)]
COSTS = {"call_cost": 20, "saved_value": 600, "save_rate": 0.13}
NUMERIC = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """One thread per numeric library, as the exercise sets: on a shared machine, gradient boosting's threads
    otherwise fight for the cores and a fit takes many times longer."""
    with threadpool_limits(1):
        yield


@cache
def rows():
    """The exercise's split, made here as the lesson makes it: stratified 20%, seed 0."""
    df = load_clean()
    train, test = train_test_split(df, test_size=0.2, stratify=df["Churn"], random_state=0)
    features = [c for c in df.columns if c not in ("customerID", "Churn")]
    return {"df": df, "features": features, "categorical": [c for c in features if c not in NUMERIC],
            "X_train": train[features], "y_train": train["Churn"], "X_test": test[features], "y_test": test["Churn"],
            "X_all": df[features], "y_all": df["Churn"]}


CV = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)


def logistic(numeric=None, categorical=None, **model_args):
    """The worked answer's pipeline, with the columns and model options a learner may change."""
    r = rows()
    numeric = NUMERIC if numeric is None else numeric
    categorical = r["categorical"] if categorical is None else categorical
    preprocess = ColumnTransformer([("numeric", StandardScaler(), numeric),
                                    ("categorical", OneHotEncoder(handle_unknown="ignore"), categorical)])
    return Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000, **model_args))])


def boosting():
    """Gradient boosting on ordinal-coded categories: an honestly different right pipeline (kept small)."""
    preprocess = ColumnTransformer(
        [("categorical", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), rows()["categorical"])],
        remainder="passthrough")
    return Pipeline([("preprocess", preprocess),
                     ("model", HistGradientBoostingClassifier(max_iter=40, max_depth=3, random_state=0))])


def selectors():
    """Columns chosen by dtype with make_column_selector, in scikit-learn's shorthand constructors."""
    return make_pipeline(make_column_transformer((StandardScaler(), make_column_selector(dtype_include="number")),
                                                 (OneHotEncoder(drop="if_binary", handle_unknown="ignore"),
                                                  make_column_selector(dtype_exclude="number"))),
                         LogisticRegression(C=0.5, max_iter=1000))


def dummies_pipeline():
    """One-hot columns made with pd.get_dummies before the pipeline, then passed through by name."""
    import pandas as pd

    encoded = pd.get_dummies(rows()["X_train"], columns=rows()["categorical"])
    preprocess = ColumnTransformer([("numeric", StandardScaler(), NUMERIC),
                                    ("dummies", "passthrough", [c for c in encoded.columns if c not in NUMERIC])])
    return Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])


def with_model(estimator):
    return Pipeline([("preprocess", logistic().named_steps["preprocess"]), ("model", estimator)])


def cv_answer(pipe, rows_="train", **kwargs):
    r = rows()
    kwargs = {"cv": CV, "scoring": "roc_auc"} | kwargs
    return pipe, cross_val_score(pipe, r[f"X_{rows_}"], r[f"y_{rows_}"], **kwargs)


def fitted(pipe, rows_="train"):
    r = rows()
    return pipe.fit(r[f"X_{rows_}"], r[f"y_{rows_}"])


def auc_answer(pipe, how="proba", rows_="train"):
    """A fitted pipeline and the test number a learner reports with it."""
    r = rows()
    pipe = fitted(pipe, rows_)
    X, y = r["X_test"], r["y_test"]
    number = {"proba": lambda: roc_auc_score(y, pipe.predict_proba(X)[:, 1]),
              "column0": lambda: roc_auc_score(y, pipe.predict_proba(X)[:, 0]),
              "labels": lambda: roc_auc_score(y, pipe.predict(X)),
              "accuracy": lambda: pipe.score(X, y),
              "train": lambda: roc_auc_score(r["y_train"], pipe.predict_proba(r["X_train"])[:, 1])}[how]()
    return pipe, number


def prescaled():
    """The scaler fitted on all rows before the split, outside the pipeline; the pipeline then scales again."""
    r = rows()
    scaler = StandardScaler().fit(r["X_all"][NUMERIC])
    X = r["X_train"].copy()
    X[NUMERIC] = scaler.transform(X[NUMERIC])
    pipe = logistic().fit(X, r["y_train"])
    X_test = r["X_test"].copy()
    X_test[NUMERIC] = scaler.transform(X_test[NUMERIC])
    return pipe, roc_auc_score(r["y_test"], pipe.predict_proba(X_test)[:, 1])


@cache
def scored():
    """Churn labels and logistic scores on the held-out rows, for the business questions."""
    r = rows()
    return r["y_test"].to_numpy(), fitted(logistic()).predict_proba(r["X_test"])[:, 1]


def best():
    return best_threshold(*scored(), **COSTS)


def outcome(threshold=None, **costs):
    return campaign_outcome(*scored(), best() if threshold is None else threshold, **(COSTS | costs))


FEATURES = [c for c in load_clean().columns if c not in ("customerID", "Churn")]

CORPUS = {
    "ds_model.q1": Corpus(
        wrong=[
            Wrong(FEATURES + ["customerID"], says="identifier", seen="df.columns.drop('Churn')"),
            Wrong(FEATURES + ["Churn"], says="target", seen="every column but the ID"),
            Wrong(["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"], says="only the numeric",
                  seen="select_dtypes('number') without Churn"),
            Wrong([c for c in FEATURES if c != "gender"], says="left out", seen="dropped gender as 'not relevant'"),
            Wrong([c.lower() for c in FEATURES], says="not columns", seen="names typed from memory"),
            Wrong("Contract, tenure", says="list of column names"),
        ],
        right=[
            Right(tuple(FEATURES), how="a tuple"),
            Right(Lazy(lambda: load_clean().columns.drop(["customerID", "Churn"])), how="a pandas Index"),
            Right(set(FEATURES[::-1]), how="a set, in another order"),
        ],
    ),
    "ds_model.q2": Corpus(
        wrong=[
            Wrong(Lazy(lambda: logistic().named_steps["preprocess"]), says="preparation alone"),
            Wrong(LogisticRegression(max_iter=1000), says="on its own", seen="fit the model on X_train directly"),
            Wrong(Lazy(lambda: Pipeline([("preprocess", ColumnTransformer([
                ("numeric", StandardScaler(), NUMERIC), ("categorical", OneHotEncoder(), rows()["categorical"])])),
                ("model", LogisticRegression(max_iter=1000))])), says="handle_unknown='ignore'",
                seen="a walk-through: OneHotEncoder() with its default"),
            Wrong(Lazy(lambda: logistic(categorical=rows()["categorical"] + ["customerID"])), says="identifier"),
            Wrong(Lazy(lambda: logistic(numeric=NUMERIC + ["Churn"])), says="target", seen="Churn is a number"),
            Wrong(Lazy(lambda: logistic(categorical=[c for c in rows()["categorical"] if c != "Contract"])),
                  says="leaves out ['Contract']", seen="one column forgotten in a typed list"),
            Wrong(Lazy(lambda: logistic(numeric=FEATURES, categorical=[])), says="one-hot encoded",
                  seen="StandardScaler on every column"),
            Wrong(Lazy(lambda: logistic(numeric=[], categorical=FEATURES)), says="one-hot encodes the numeric",
                  seen="OneHotEncoder on every column"),
            Wrong(Lazy(lambda: with_model(LinearRegression())), says="not a classifier"),
            Wrong(Lazy(lambda: with_model(LinearSVC())), says="no probabilities"),
            Wrong(Lazy(lambda: make_pipeline(LogisticRegression())), says="no ColumnTransformer"),
            Wrong(Lazy(dummies_pipeline), says="pd.get_dummies", seen="the encoding done once, before the split"),
            Wrong(Lazy(lambda: Pipeline([("preprocess", ColumnTransformer([("numeric", StandardScaler(), NUMERIC)],
                                                                         remainder="passthrough")),
                                         ("model", LogisticRegression())])),
                  says="could not be fitted", seen="remainder='passthrough' for the text columns"),
        ],
        right=[
            Right(Lazy(logistic), how="the worked answer"),
            Right(Lazy(selectors), how="columns chosen by dtype, drop='if_binary', C=0.5, make_pipeline"),
            Right(Lazy(boosting), how="gradient boosting on ordinal codes, numbers passed through"),
            Right(Lazy(lambda: fitted(logistic())), how="already fitted"),
        ],
    ),
    "ds_model.q3": Corpus(
        wrong=[
            Wrong(Lazy(lambda: cv_answer(logistic(), scoring=None)), says="accuracies",
                  seen="cross_val_score without scoring"),
            Wrong(Lazy(lambda: cv_answer(logistic(), scoring=make_scorer(roc_auc_score))), says="predicted labels",
                  seen="make_scorer(roc_auc_score)"),
            Wrong(Lazy(lambda: cv_answer(logistic(), rows_="all")), says="all the customers",
                  seen="cross_val_score(pipe, df[features], df['Churn'], ...)"),
            Wrong(Lazy(lambda: cv_answer(logistic(), cv=10)), says="5 fold scores", seen="cv=10"),
            Wrong(Lazy(lambda: (logistic(), 100 * cv_answer(logistic())[1])), says="percentages"),
            Wrong(Lazy(lambda: (logistic(), auc_answer(logistic())[1])), says="AUC on the test rows",
                  seen="the test score of question 4, typed in early"),
            Wrong(Lazy(lambda: cv_answer(with_model(DummyClassifier()))), says="majority baseline",
                  seen="a DummyClassifier left from the lesson's comparison"),
            Wrong(Lazy(lambda: cv_answer(logistic())[1]), says="as a pair", seen="q3.check(cv_scores)"),
            Wrong(Lazy(lambda: cv_answer(logistic(categorical=["Contract"]))), says="leaves out",
                  seen="a pipeline with only one category branch"),
        ],
        right=[
            Right(Lazy(lambda: cv_answer(logistic())), how="the worked answer"),
            Right(Lazy(lambda: cv_answer(logistic(), cv=5)), how="scikit-learn's plain cv=5"),
            Right(Lazy(lambda: (logistic(), float(cv_answer(logistic())[1].mean()))), how="the mean alone"),
            Right(Lazy(lambda: (logistic(), [round(s, 3) for s in cv_answer(logistic())[1]])),
                  how="a list rounded to 3 decimals"),
            Right(Lazy(lambda: (selectors(), cross_validate(selectors(), rows()["X_train"], rows()["y_train"],
                                                            cv=CV, scoring="roc_auc")["test_score"])),
                  how="another pipeline, through cross_validate"),
            Right(Lazy(lambda: cv_answer(boosting())), how="gradient boosting, on its own score"),
        ],
    ),
    "ds_model.q4": Corpus(
        wrong=[
            Wrong(Lazy(lambda: auc_answer(logistic(), rows_="all")), says="all the customers, test set included",
                  seen="pipe.fit(df[features], df['Churn'])"),
            Wrong(Lazy(lambda: auc_answer(logistic(), rows_="test")), says="fitted on the test rows"),
            Wrong(Lazy(prescaled), says="already scaled", seen="StandardScaler fitted on all rows before the split"),
            Wrong(Lazy(lambda: auc_answer(with_model(RandomForestClassifier(n_estimators=10)), rows_="all")),
                  says="means of all the customers", seen="a random forest without random_state, fitted on all rows"),
            Wrong(Lazy(lambda: (logistic(), 0.84)), says="not fitted yet", seen="only cross_val_score ran"),
            Wrong(Lazy(lambda: auc_answer(logistic(), how="accuracy")), says="accuracy"),
            Wrong(Lazy(lambda: auc_answer(logistic())[1]), says="as a pair", seen="q4.check(test_auc)"),
            Wrong(Lazy(lambda: (fitted(logistic()), round(auc_answer(logistic())[1], 2))), says="rounded too far"),
            Wrong(Lazy(lambda: auc_answer(logistic(), how="labels")), says="predicted labels"),
            Wrong(Lazy(lambda: auc_answer(logistic(), how="column0")), says="column 0"),
            Wrong(Lazy(lambda: auc_answer(logistic(), how="train")), says="train rows"),
            Wrong(Lazy(lambda: (fitted(logistic()), 100 * auc_answer(logistic())[1])), says="percentage"),
            Wrong(Lazy(lambda: (fitted(logistic()), float(cv_answer(logistic())[1].mean()))),
                  says="cross-validated mean"),
        ],
        right=[
            Right(Lazy(lambda: auc_answer(logistic())), how="the worked answer"),
            Right(Lazy(lambda: (fitted(logistic()), round(auc_answer(logistic())[1], 3))), how="rounded"),
            Right(Lazy(lambda: auc_answer(selectors())), how="another pipeline, on its own score"),
            Right(Lazy(lambda: auc_answer(boosting())), how="gradient boosting, on its own score"),
        ],
    ),
    "ds_model.q5": Corpus(
        wrong=[
            Wrong(0.5, says="default threshold"),
            Wrong(round(break_even_probability(**COSTS), 3), says="break-even"),
            Wrong(Lazy(lambda: best_threshold(*scored(), 20, 600, save_rate=1.0)), says="save_rate=0.13"),
            Wrong(Lazy(lambda: best_threshold(*scored(), 10, 500, save_rate=0.13)), says="lesson's costs"),
        ],
        right=[
            Right(Lazy(best), how="best_threshold"),
            Right(Lazy(lambda: profit_curve(*scored(), **COSTS).sort_values("profit")["threshold"].iloc[-1]),
                  how="the last row of the curve sorted by profit, a numpy float"),
        ],
    ),
    "ds_model.q6": Corpus(
        wrong=[
            Wrong(Lazy(lambda: 100 * outcome()["recall"]), says="percentage"),
            Wrong(Lazy(lambda: outcome()["precision"]), says="precision"),
            Wrong(Lazy(lambda: outcome(0.5)["recall"]), says="default threshold 0.5"),
        ],
        right=[
            Right(Lazy(lambda: round(outcome()["recall"], 3)), how="rounded"),
            Right(Lazy(lambda: ((scored()[1] >= best()) & (scored()[0] == 1)).sum() / scored()[0].sum()),
                  how="counted by hand with numpy"),
        ],
    ),
    "ds_model.q7": Corpus(
        wrong=[
            Wrong(Lazy(lambda: outcome(save_rate=1.0)["profit"]), says="save rate"),
            Wrong(Lazy(lambda: outcome(0.5)["profit"]), says="default threshold 0.5"),
            Wrong(Lazy(lambda: outcome()["profit"] / 1000), says="thousands"),
        ],
        right=[
            Right(Lazy(lambda: round(outcome()["profit"])), how="whole USD"),
            Right(Lazy(lambda: outcome()["churners_reached"] * 0.13 * 600 - outcome()["calls"] * 20),
                  how="the formula by hand"),
        ],
    ),
}

test_corpus = corpus_tests(CORPUS)


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


@pytest.mark.parametrize("qid", ["ds_model.q3", "ds_model.q4"])
def test_a_pipeline_or_score_left_blank_is_not_attempted(qid):
    """Is (pipe, ...) or (..., score) not attempted rather than wrong?"""
    assert get(qid).grade((logistic(), ...)).status == NOT_ATTEMPTED
    assert get(qid).grade((..., 0.83)).status == NOT_ATTEMPTED


def test_checks_never_change_the_learners_pipeline():
    """Does grading leave an unfitted pipeline unfitted (the checks fit copies)?"""
    pipe = logistic()
    assert get("ds_model.q3").grade(cv_answer(pipe)).status == PASSED
    assert not hasattr(pipe.named_steps["model"], "coef_")


def test_the_business_questions_use_the_worked_pipelines_scores():
    """Do the threshold, recall and profit of the worked pipeline's scores pass?"""
    answers = [best(), outcome()["recall"], outcome()["profit"]]
    assert [get(q).grade(a).status for q, a in zip(IDS[4:], answers)] == [PASSED] * 3
