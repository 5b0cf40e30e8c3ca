"""Questions of ``14_ds_tracking_registry``: runs, a comparison, a registered version and its alias.

Each check reads the learner's MLflow store through MLflow's own client (the store ``tracking.use_store``
chose), so it grades what is really in the store, not a number typed into a variable.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from course_utils import tracking
from course_utils.checks import PROPORTION, CustomQuestion
from course_utils.checks.compare import is_number
from course_utils.data import load_clean

STORE = tracking.STORE_DIR / "exercise-14"
SEED = 0  # the course's split and folds seed (model.SEED)


@cache
def _folds():
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)


def __getattr__(name: str):
    # FOLDS is built on first use, so listing progress never imports scikit-learn.
    if name == "FOLDS":
        return _folds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _train() -> pd.DataFrame:
    from sklearn.model_selection import train_test_split

    df = load_clean()
    return train_test_split(df, test_size=0.2, stratify=df["Churn"], random_state=SEED)[0]


@cache
def fold_scores(c: float, rows: str = "train", folds: str = "shared", scoring: str = "roc_auc") -> tuple[float, ...]:
    """Per-fold scores of the logistic pipeline with ``C=c``: training rows (or ``"all"``), ``FOLDS`` (or plain 5-fold)."""
    from sklearn.model_selection import cross_val_score

    from course_utils.mle import model

    df = _train() if rows == "train" else load_clean()
    pipeline = model.make_pipeline("logistic").set_params(model__C=c)
    cv = _folds() if folds == "shared" else 5
    scores = cross_val_score(pipeline, df[list(model.FEATURES)], df[model.TARGET], cv=cv, scoring=scoring)
    return tuple(float(s) for s in scores)


def cv_auc(c: float, **how: str) -> float:
    """Mean of ``fold_scores``: what a run's cv_auc_mean should be."""
    scores = fold_scores(c, **how)
    return sum(scores) / len(scores)


def _run_id(answer) -> str:
    """A run id from the id itself, a ``Run`` or the ``ActiveRun`` of a ``with mlflow.start_run()`` block."""
    if isinstance(answer, str):
        return answer.strip()
    info = getattr(answer, "info", None)
    if info is not None and hasattr(info, "run_id"):
        return info.run_id
    raise TypeError(f"expected a run id (text) or a Run, not {type(answer).__name__}")


def _get_run(answer):
    from mlflow.exceptions import MlflowException

    try:
        return tracking.client().get_run(_run_id(answer))
    except MlflowException:
        return None


def _grade_logged_run(answer) -> str | None:
    try:
        run = _get_run(answer)
    except TypeError as exc:
        return f"Give the run's id, e.g. run.info.run_id: {exc}."
    if run is None:
        return "No run with that id is in this exercise's store: did you log it after tracking.use_store(STORE)?"
    params, metrics = run.data.params, run.data.metrics
    missing = [k for k in ("kind", "C") if k not in params]
    if missing:
        return f"The run has no {' or '.join(missing)} parameter: log the settings with the result, or the runs cannot be compared."
    if "cv_auc_mean" not in metrics:
        return f"The run has no cv_auc_mean metric (it has {sorted(metrics) or 'none'})."
    got = metrics["cv_auc_mean"]
    try:
        c = float(params["C"])
    except ValueError:
        return f"The C parameter is {params['C']!r}, not a number."
    want = cv_auc(c)
    if PROPORTION.accepts(got, want):
        return None
    if 1 < got <= 100 and PROPORTION.accepts(got / 100, want):
        return "cv_auc_mean looks like a percentage: log ROC AUC as a fraction (0.83, not 83)."
    if PROPORTION.accepts(got, cv_auc(c, rows="all")):
        return ("That AUC was cross-validated on every customer, test set included: cross-validate on X_train, "
                "y_train only, so the test customers stay unseen.")
    if PROPORTION.accepts(got, cv_auc(c, folds="plain")):
        return "That is a 5-fold AUC on other folds: pass cv=FOLDS, so every run is scored on the same folds."
    if PROPORTION.accepts(got, cv_auc(c, scoring="accuracy")):
        return "That is the accuracy (cross_val_score's default for a classifier): pass scoring='roc_auc'."
    if any(PROPORTION.accepts(got, s) for s in fold_scores(c)):
        return "That is one fold's AUC: log the mean of the five folds' scores."
    return (f"cv_auc_mean is {got:.4f}, but the logistic pipeline with C={c:g} scores {want:.4f} on FOLDS: log "
            "scores.mean() of cross_val_score(pipeline, X_train, y_train, cv=FOLDS, scoring='roc_auc').")


q1 = CustomQuestion(
    id="ds_tracking.q1",
    prompt="Log a run: the logistic pipeline with a C of your choice, cross-validated on the training rows.",
    grader=_grade_logged_run,
    pass_message="Well done: the run's parameters and cross-validated AUC are in the store.",
    hints=[
        "Inside `with mlflow.start_run(run_name=...) as run:` call mlflow.log_params and mlflow.log_metric.",
        "scores = cross_val_score(pipeline, X_train, y_train, cv=FOLDS, scoring='roc_auc'); log scores.mean().",
        "Or use tracking.log_candidate(name, params={'kind': 'logistic', 'C': c}, metrics={'cv_auc_mean': ...}).",
    ],
    solution_text="pipeline = model.make_pipeline('logistic').set_params(model__C=0.1)\n"
                  "scores = cross_val_score(pipeline, X_train, y_train, cv=FOLDS, scoring='roc_auc')\n"
                  "run_id = tracking.log_candidate('logistic-C0.1', params={'kind': 'logistic', 'C': 0.1},\n"
                  "                                metrics={'cv_auc_mean': scores.mean()})",
)


def _logistic_runs() -> pd.DataFrame:
    """The store's runs whose cv_auc_mean is what their C really scores: a run question 1 refused is left out."""
    import mlflow

    runs = mlflow.search_runs(experiment_names=[tracking.EXPERIMENT])
    needed = {"params.C", "metrics.cv_auc_mean"}
    if runs.empty or not needed <= set(runs.columns):
        return pd.DataFrame(columns=sorted(needed))
    runs = runs.dropna(subset=sorted(needed))
    runs = runs[pd.to_numeric(runs["params.C"], errors="coerce") > 0]
    honest = [PROPORTION.accepts(auc, cv_auc(float(c))) for c, auc in zip(runs["params.C"], runs["metrics.cv_auc_mean"])]
    return runs[honest] if honest else runs


def _grade_best_c(answer) -> str | None:
    runs = _logistic_runs()
    if runs["params.C"].astype(float).nunique() < 2:
        return ("The store needs runs with at least two different values of C whose cv_auc_mean question 1 would "
                "accept: log another run first (runs it refused are left out of this comparison).")
    try:
        c = float(answer)
    except (TypeError, ValueError):
        return f"Give the value of C (a number, or the text MLflow stores), not {type(answer).__name__}."
    by_c = runs.assign(C=runs["params.C"].astype(float)).groupby("C")["metrics.cv_auc_mean"].max()
    best, worst = float(by_c.idxmax()), float(by_c.idxmin())
    if math.isclose(c, best):
        return None
    if is_number(answer) and any(PROPORTION.accepts(answer, v) for v in by_c.values):
        return "That is an AUC, not a C: give the C of the run with the highest cv_auc_mean."
    if math.isclose(c, worst):
        return "That C has the lowest cv_auc_mean: sort by the metric descending (or take idxmax)."
    if c not in by_c.index:
        return f"No run in the store used C={c:g}; its runs used {', '.join(f'{v:g}' for v in by_c.index)}."
    return "Another C has a higher cv_auc_mean in the store: compare every run's metrics.cv_auc_mean."


q2 = CustomQuestion(
    id="ds_tracking.q2",
    prompt="Which C gave the highest cross-validated AUC among the store's runs?",
    grader=_grade_best_c,
    hints=[
        "mlflow.search_runs(experiment_names=[tracking.EXPERIMENT]) returns a DataFrame of runs.",
        "Its columns include params.C and metrics.cv_auc_mean; sort by the metric, descending.",
        "runs = mlflow.search_runs(experiment_names=[tracking.EXPERIMENT], order_by=['metrics.cv_auc_mean DESC']); "
        "best_c = float(runs.dropna(subset=['params.C', 'metrics.cv_auc_mean'])['params.C'].iloc[0])",
    ],
    solution_text="runs = mlflow.search_runs(experiment_names=[tracking.EXPERIMENT],\n"
                  "                          order_by=['metrics.cv_auc_mean DESC'])\n"
                  "best_c = float(runs['params.C'].dropna().iloc[0])",
)


def _champion():
    try:
        return tracking.version_for_alias("champion")
    except tracking.RegistryError:
        return None


def _grade_registered(answer) -> str | None:
    champion = _champion()
    if champion is None:
        names = [m.name for m in tracking.client().search_registered_models()]
        aliases = sorted({a for m in tracking.client().search_registered_models() for a in m.aliases})
        if tracking.REGISTERED_MODEL not in names:
            return "The store has no registered model 'churn' yet: register your artifact run with tracking.register."
        return (f"The model 'churn' has no alias 'champion' (aliases: {', '.join(aliases) or 'none'}): "
                "aliases are exact labels, so set 'champion'.")
    if isinstance(answer, str) and len(answer.strip()) == 32 and not answer.strip().isdigit():
        return "That looks like a run id: give the version number that register returned."
    try:
        version = int(getattr(answer, "version", answer))
    except (TypeError, ValueError):
        return f"Give the version number (1, 2, ...), not {type(answer).__name__}."
    if version != int(champion.version):
        return (f"champion points at version {champion.version}, not {version}: give the version the alias "
                "points at now.")
    from course_utils.mle.model import ArtifactError

    try:
        champion_artifact = tracking.load_by_alias("champion")
    except ArtifactError as exc:
        return f"The champion's artifact does not load: {exc}"
    if champion_artifact.metadata.get("training_rows") != len(_train()):
        return (f"The champion was trained on {champion_artifact.metadata.get('training_rows')} rows, not the "
                f"{len(_train())} training rows: build the artifact from train, so the test customers stay unseen.")
    return None


q3 = CustomQuestion(
    id="ds_tracking.q3",
    prompt="Register a run that logged the artifact, point 'champion' at it, and give the version number.",
    grader=_grade_registered,
    hints=[
        "Only a run that logged an artifact folder can be registered: build one with model.build_artifact.",
        "tracking.log_candidate(..., artifact_dir=folder) logs it; tracking.register(run_id, alias='champion') registers it.",
    ],
    solution_text="folder = model.build_artifact(STORE.parent / 'exercise-14-build', train)\n"
                  "artifact_run = tracking.log_candidate('logistic-artifact', params={'kind': 'logistic', 'C': 1.0},\n"
                  "                                      metrics={}, artifact_dir=folder)\n"
                  "version = tracking.register(artifact_run, alias='champion')",
)


def _grade_champion_probability(answer) -> str | None:
    if _champion() is None:
        return "There is no champion to score with yet: finish question 3 first."
    if not is_number(answer):
        return f"Give the churn probability as a number, not {type(answer).__name__}."
    from course_utils.mle.serving import EXAMPLE

    want = float(tracking.load_by_alias("champion").predict_proba(pd.DataFrame([EXAMPLE]))[0])
    if PROPORTION.accepts(answer, want):
        return None
    if PROPORTION.accepts(answer, 1 - want):
        return "That is the probability of class 0 (staying): take column 1 of predict_proba, or Artifact.predict_proba."
    if answer in (0, 1):
        return "That is a label (predict), not a probability: use predict_proba."
    if 1 < answer <= 100 and PROPORTION.accepts(answer / 100, want):
        return "That looks like a percentage: give the probability as a fraction."
    if PROPORTION.rounded_too_far(answer, want):
        return PROPORTION.too_far_message()
    return "That is not the champion's probability for EXAMPLE: load it with tracking.load_by_alias('champion')."


q4 = CustomQuestion(
    id="ds_tracking.q4",
    prompt="Load the champion by alias and give its churn probability for the EXAMPLE customer.",
    grader=_grade_champion_probability,
    hints=[
        "tracking.load_by_alias('champion') returns an Artifact, checked like a folder.",
        "artifact.predict_proba(pd.DataFrame([EXAMPLE]))[0] is the probability for one customer.",
    ],
    solution_text="champion = tracking.load_by_alias('champion')\n"
                  "probability = float(champion.predict_proba(pd.DataFrame([EXAMPLE]))[0])",
)

