"""Experiment tracking and a model registry with MLflow, in a local store that needs no server.

The store is a SQLite file plus a folder of artifacts under ``build/mlflow`` (git-ignored), created on
first use; nothing is downloaded. ``use_store`` points MLflow at it. ``log_candidate`` records one
candidate model (parameters, cross-validated metrics and, for a candidate that could ship, the skops
artifact folder with its metadata and model card). ``register`` makes a run's artifact a version of a
registered model and moves an alias to it; ``load_by_alias`` downloads that version and loads it
through ``model.load_artifact``, which checks its SHA-256 and library versions. What the registry holds
is the skops artifact, never a pickle: loading a registered model runs no code from the file.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path

from course_utils.paths import BUILD_DIR

# Tests point this elsewhere (COURSE_TRACKING_DIR) so they never add runs to a learner's store.
STORE_DIR = Path(os.environ.get("COURSE_TRACKING_DIR", BUILD_DIR / "mlflow"))
EXPERIMENT = "churn-candidates"
REGISTERED_MODEL = "churn"
ARTIFACT_PATH = "artifact"


class RegistryError(LookupError):
    """A registered model, version or alias that does not exist; the message is one sentence."""


@contextmanager
def _quiet():
    """Silence MLflow's start-up chatter and its dependencies' deprecation warnings (not ours to fix)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", module="sqlalchemy")
        warnings.filterwarnings("ignore", module="mlflow")
        import mlflow  # noqa: F401  (importing configures MLflow's loggers, so quieten them after)

        for name in ("mlflow", "alembic"):
            logging.getLogger(name).setLevel(logging.WARNING)
        yield


def use_store(directory: Path | None = None, fresh: bool = False) -> str:
    """Point MLflow at the local store in ``directory`` (default ``build/mlflow``), creating it; return its URI.

    ``fresh`` first deletes the store's registered models and runs (through MLflow, so it also works in a
    kernel that used the store before): for a lesson's demo store, whose outputs must be the same every time.
    """
    with _quiet():
        import mlflow
        from mlflow.entities import ViewType

        directory = Path(directory or STORE_DIR).resolve()
        (directory / "artifacts").mkdir(parents=True, exist_ok=True)
        uri = f"sqlite:///{directory / 'mlflow.db'}"
        mlflow.set_tracking_uri(uri)
        mlflow.set_registry_uri(uri)
        experiment = mlflow.get_experiment_by_name(EXPERIMENT)
        if experiment is None:
            mlflow.create_experiment(EXPERIMENT, artifact_location=(directory / "artifacts").as_uri())
        elif fresh:
            mlflow_client = mlflow.MlflowClient()
            for registered in mlflow_client.search_registered_models():
                mlflow_client.delete_registered_model(registered.name)
            for run in mlflow_client.search_runs([experiment.experiment_id], run_view_type=ViewType.ACTIVE_ONLY):
                mlflow_client.delete_run(run.info.run_id)
        mlflow.set_experiment(EXPERIMENT)
    return uri


def client():
    """An ``MlflowClient`` on the store ``use_store`` chose (call ``use_store`` first)."""
    with _quiet():
        from mlflow import MlflowClient

        return MlflowClient()


def log_candidate(name: str, params: dict, metrics: dict, artifact_dir: Path | None = None) -> str:
    """Log one candidate as a run named ``name`` in the current experiment; return its run id.

    ``artifact_dir``, when given, is a folder written by ``model.build_artifact``; it is logged under
    ``artifact/``, with its metadata's version and SHA-256 as tags, so the run can be registered.
    """
    with _quiet():
        import mlflow

        with mlflow.start_run(run_name=name) as run:
            mlflow.log_params(params)
            mlflow.log_metrics({k: float(v) for k, v in metrics.items()})
            if artifact_dir is not None:
                from course_utils.mle import model

                meta = model.read_metadata(Path(artifact_dir))
                mlflow.set_tags({"model_version": meta["model_version"], "artifact_sha256": meta["artifact_sha256"]})
                mlflow.log_artifacts(str(artifact_dir), artifact_path=ARTIFACT_PATH)
        return run.info.run_id


def register(run_id: str, alias: str = "champion", name: str = REGISTERED_MODEL) -> str:
    """Register the artifact of run ``run_id`` as a new version of ``name`` and point ``alias`` at it.

    Returns the new version number (as text, as MLflow gives it). ``RegistryError`` if the run logged no artifact.
    """
    mlflow_client = client()
    with _quiet():
        from mlflow.exceptions import MlflowException

        if not mlflow_client.list_artifacts(run_id, ARTIFACT_PATH):
            run_name = mlflow_client.get_run(run_id).info.run_name
            raise RegistryError(f"The run {run_name!r} logged no {ARTIFACT_PATH}/ folder, so it has nothing to "
                                "register: only a candidate logged with its artifact can become a model version.")
        try:
            mlflow_client.get_registered_model(name)
        except MlflowException:
            mlflow_client.create_registered_model(name)
        version = mlflow_client.create_model_version(name, f"runs:/{run_id}/{ARTIFACT_PATH}", run_id=run_id)
        mlflow_client.set_registered_model_alias(name, alias, version.version)
    return str(version.version)


def version_for_alias(alias: str, name: str = REGISTERED_MODEL):
    """The ``ModelVersion`` that ``name@alias`` points at; ``RegistryError`` naming what is missing."""
    mlflow_client = client()
    with _quiet():
        from mlflow.exceptions import MlflowException

        try:
            return mlflow_client.get_model_version_by_alias(name, alias)
        except MlflowException:
            raise RegistryError(f"The registry has no model {name!r} with the alias {alias!r}: register a run "
                                "and set the alias first.") from None


def load_by_alias(alias: str = "champion", name: str = REGISTERED_MODEL, into: Path | None = None):
    """Download the version ``name@alias`` points at; return ``model.load_artifact``'s verified ``Artifact``."""
    from course_utils.mle import model

    version = version_for_alias(alias, name)
    with _quiet():
        import mlflow

        target = Path(into or tempfile.mkdtemp(prefix="churn-registry-"))
        path = mlflow.artifacts.download_artifacts(artifact_uri=version.source, dst_path=str(target))
    return model.load_artifact(Path(path))


def served_dir(alias: str, store: Path | None = None) -> Path:
    """Download ``churn@alias`` from the store into a new folder and verify it; return the artifact folder.

    For ``course serve --alias``: the service then loads that folder exactly as it loads any other.
    ``RegistryError`` if MLflow (the ``tracking`` extra) is not installed, or the alias does not exist.
    """
    try:
        use_store(store)
    except ModuleNotFoundError as exc:  # the service's own set has no MLflow
        raise RegistryError(f"{exc.name} is not installed; serving from the registry needs "
                            "`pip install 'ds-vs-mle-course[tracking]'`.") from None
    target = Path(tempfile.mkdtemp(prefix="churn-registry-"))
    load_by_alias(alias, into=target)
    return target / ARTIFACT_PATH
