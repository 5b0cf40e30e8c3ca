"""The churn model: one training code path for the DS hand-off, the MLE service and the capstone.

``train`` builds a deterministic scikit-learn ``Pipeline``. ``build_artifact`` trains it and
writes a versioned artifact folder::

    model.skops      the fitted pipeline, saved with skops (loads only trusted types)
    metadata.json    version, SHA-256 of model.skops, hash of the training data,
                     feature schema, held-out metrics, library versions
    MODEL_CARD.md    what the model is for, how well it does, and its limits

``load_artifact`` refuses a missing, tampered or version-mismatched artifact with an
``ArtifactError`` whose message is one sentence. Artifacts are rebuilt, never committed.

Rebuilding on the same platform with the same library versions gives the same bytes. Another
CPU may not: numpy's OpenBLAS picks a kernel per CPU, which can change the last bits of the fitted
coefficients and so the SHA-256. The hash guards a saved file against any later change; it does not
promise that two machines build the same file.

The folder defaults to ``build/churn-model`` in the course repository; an installed copy of the
package (``pip install .``) has no default and must be given one, so nothing is written into site-packages.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from course_utils.data import load_clean
from course_utils.mle.artifact_files import model_card, stable_zip, write_atomic
from course_utils.paths import BUILD_DIR, CHECKOUT, ROOT

MODEL_NAME = "churn-logistic"
MODEL_VERSION = "1.0.0"
# None in an installed copy: ROOT is then site-packages, which is no place for build output.
DEFAULT_DIR: Path | None = BUILD_DIR / "churn-model" if CHECKOUT else None
TARGET = "Churn"
NUMERIC = ("SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges")
CATEGORICAL = (
    "gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity",
    "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract",
    "PaperlessBilling", "PaymentMethod",
)
FEATURES = NUMERIC + CATEGORICAL
KINDS = ("majority", "logistic", "gradient_boosting")
SEED = 0
# skops loads only types it trusts by default plus these. The logistic pipeline needs none;
# a gradient-boosting one would need "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor".
TRUSTED_TYPES: list[str] = []
LIBRARIES = ("scikit-learn", "skops", "numpy", "pandas", "scipy")


class ArtifactError(RuntimeError):
    """The artifact is missing, damaged, tampered with, or built by other library versions."""


def resolve_dir(directory: Path | None = None) -> Path:
    """``directory``, or ``DEFAULT_DIR`` when it is None; ``ArtifactError`` if there is no default."""
    if directory is not None:
        return Path(directory)
    if DEFAULT_DIR is None:
        raise ArtifactError(f"No artifact folder given, and an installed package has no default one (it would be "
                            f"inside {ROOT}): pass --dir DIR.")
    return DEFAULT_DIR


def _build_command(directory: Path) -> str:
    """The command that writes an artifact into ``directory``, for error messages."""
    return "`course model build`" if directory == DEFAULT_DIR else f"`course model build --dir {directory}`"


def make_pipeline(kind: str = "logistic") -> Pipeline:
    """An unfitted churn pipeline: one-hot categories, scaled numbers, then the model.

    ``kind`` is ``"majority"`` (predicts the base rate: the baseline to beat),
    ``"logistic"`` or ``"gradient_boosting"``.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    preprocess = ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(NUMERIC)),
            ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), list(CATEGORICAL)),
        ]
    )
    estimator = {
        "majority": lambda: DummyClassifier(strategy="prior"),
        "logistic": lambda: LogisticRegression(max_iter=1000),
        "gradient_boosting": lambda: HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05,
                                                                    random_state=SEED),
    }[kind]()
    return Pipeline([("preprocess", preprocess), ("model", estimator)])


def train(df: pd.DataFrame | None = None, kind: str = "logistic") -> Pipeline:
    """Fit ``make_pipeline(kind)`` on ``df`` (default: the clean churn table).

    Deterministic on one platform: the same data and library versions give the same model there.
    """
    df = load_clean() if df is None else df
    return make_pipeline(kind).fit(df[list(FEATURES)], df[TARGET])


def holdout_split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The course's train and test rows: a stratified 20% held out with ``SEED``, the same everywhere."""
    train_df, test_df = train_test_split(df, test_size=0.2, stratify=df[TARGET], random_state=SEED)
    return train_df, test_df


def data_hash(df: pd.DataFrame) -> str:
    """SHA-256 of the training rows and columns, as CSV text: same data, same hash."""
    return hashlib.sha256(df.to_csv(index=False, lineterminator="\n").encode()).hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def feature_schema(df: pd.DataFrame) -> dict:
    """Per feature: its type, and its allowed values (categories) or observed range (numbers)."""
    schema = {}
    for col in NUMERIC:
        schema[col] = {"type": "integer" if col in ("SeniorCitizen", "tenure") else "number",
                       "min": float(df[col].min()), "max": float(df[col].max())}
    for col in CATEGORICAL:
        schema[col] = {"type": "category", "values": sorted(df[col].unique().tolist())}
    return schema


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    versions.update({name: importlib_metadata.version(name) for name in LIBRARIES})
    return versions


def holdout_metrics(df: pd.DataFrame, kind: str = "logistic") -> dict[str, float]:
    """ROC AUC and average precision on a stratified 20% held out from training (never on training rows)."""
    train_df, test_df = holdout_split(df)
    proba = train(train_df, kind).predict_proba(test_df[list(FEATURES)])[:, 1]
    return {
        "roc_auc": round(float(roc_auc_score(test_df[TARGET], proba)), 4),
        "average_precision": round(float(average_precision_score(test_df[TARGET], proba)), 4),
        "churn_rate": round(float(test_df[TARGET].mean()), 4),
        "rows": int(len(test_df)),
    }


def build_artifact(directory: Path | None = None, df: pd.DataFrame | None = None) -> Path:
    """Train the production model and write the artifact folder; return its path."""
    import skops.io as sio

    directory = resolve_dir(directory)
    directory.mkdir(parents=True, exist_ok=True)
    df = load_clean() if df is None else df
    pipeline = train(df)
    model_path = directory / "model.skops"
    write_atomic(model_path, stable_zip(sio.dumps(pipeline)))
    meta = {
        "model_name": MODEL_NAME,
        "model_version": MODEL_VERSION,
        "artifact_file": model_path.name,
        "artifact_sha256": file_hash(model_path),
        "training_data_sha256": data_hash(df[list(FEATURES) + [TARGET]]),
        "training_rows": int(len(df)),
        "target": TARGET,
        "features": list(FEATURES),
        "feature_schema": feature_schema(df),
        "metrics": holdout_metrics(df),
        "library_versions": library_versions(),
        "trusted_types": TRUSTED_TYPES,
    }
    write_atomic(directory / "MODEL_CARD.md", model_card(meta).encode())
    # Written last: a reader that finds metadata.json finds a complete artifact.
    write_atomic(directory / "metadata.json", (json.dumps(meta, indent=2) + "\n").encode())
    return directory


@dataclass(frozen=True)
class Artifact:
    """A verified, loaded model with its metadata."""

    model: Pipeline
    metadata: dict

    @property
    def version(self) -> str:
        return self.metadata["model_version"]

    def predict_proba(self, rows: pd.DataFrame | dict | list[dict]) -> np.ndarray:
        """Churn probability for each row: a DataFrame with the ``FEATURES`` columns, one customer's dict, or a list."""
        if not isinstance(rows, pd.DataFrame):
            rows = pd.DataFrame([rows] if isinstance(rows, dict) else rows)
        return self.model.predict_proba(rows[list(FEATURES)])[:, 1]


def read_metadata(directory: Path | None = None) -> dict:
    """The artifact's metadata; ``ArtifactError`` if it is missing or not valid JSON."""
    directory = resolve_dir(directory)
    path = directory / "metadata.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        also = "" if directory == DEFAULT_DIR else ", or pass the --dir it was built in"
        raise ArtifactError(f"No model artifact in {directory}: run {_build_command(directory)} first{also}.") \
            from None
    except (ValueError, OSError) as exc:
        raise ArtifactError(f"metadata.json in {directory} is unreadable ({exc.__class__.__name__}): "
                            "rebuild with `course model build`.") from None
    if not isinstance(meta, dict):
        raise ArtifactError(f"metadata.json in {directory} is not an object: rebuild with `course model build`.")
    return meta


def verify(meta: dict, model_path: Path, installed_sklearn: str | None = None) -> None:
    """Refuse an artifact whose file hash or scikit-learn version differs from its metadata."""
    if not model_path.exists():
        raise ArtifactError(f"{model_path.name} is missing from {model_path.parent}: run "
                            f"{_build_command(model_path.parent)}.")
    expected = meta.get("artifact_sha256")
    if file_hash(model_path) != expected:
        raise ArtifactError(f"{model_path.name} does not match the SHA-256 in metadata.json: it changed after it "
                            "was saved, so it will not be loaded. Rebuild with `course model build`.")
    built_with = meta.get("library_versions", {}).get("scikit-learn")
    installed = installed_sklearn or importlib_metadata.version("scikit-learn")
    if built_with != installed:
        raise ArtifactError(f"The model was built with scikit-learn {built_with} but {installed} is installed; "
                            "loading across versions is unsupported. Rebuild with `course model build`.")


def load_artifact(directory: Path | None = None, public_key: Path | None = None) -> Artifact:
    """Load a verified artifact (see ``verify``); only ``TRUSTED_TYPES`` may appear in the file.

    With a ``public_key`` (or ``COURSE_MODEL_PUBLIC_KEY`` set), the folder's signature must verify too.
    """
    import skops.io as sio

    from course_utils.mle import signing

    directory = resolve_dir(directory)
    meta = read_metadata(directory)
    model_path = directory / str(meta.get("artifact_file", "model.skops"))
    verify(meta, model_path)
    public_key = public_key or signing.configured_public_key()
    if public_key is not None:
        try:
            signing.verify(directory, public_key)
        except signing.SignatureError as exc:
            raise ArtifactError(str(exc)) from None
    try:
        model = sio.load(model_path, trusted=TRUSTED_TYPES)
    except Exception as exc:  # skops raises several types for untrusted or damaged files
        raise ArtifactError(f"{model_path.name} could not be loaded safely ({exc.__class__.__name__}: {exc}).") \
            from None
    return Artifact(model, meta)


def ensure_artifact(directory: Path | None = None) -> Artifact:
    """Load the artifact, building it first if there is none (it is cached outside git)."""
    directory = resolve_dir(directory)
    if not (directory / "metadata.json").exists():
        build_artifact(directory)
    return load_artifact(directory)
