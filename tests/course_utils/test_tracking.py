"""Does the local MLflow store track runs, register versions, move aliases and load them back verified?"""

import json

import pandas as pd
import pytest

from course_utils import tracking
from course_utils.data import load_clean
from course_utils.mle import model
from course_utils.mle.serving import EXAMPLE


@pytest.fixture(scope="module")
def artifact(tmp_path_factory):
    return model.build_artifact(tmp_path_factory.mktemp("artifact"))


@pytest.fixture
def store(tmp_path):
    tracking.use_store(tmp_path / "store")
    return tmp_path / "store"


def test_the_store_is_a_sqlite_file_created_on_first_use(tmp_path):
    uri = tracking.use_store(tmp_path / "new")
    assert uri == f"sqlite:///{tmp_path / 'new' / 'mlflow.db'}"
    assert (tmp_path / "new" / "mlflow.db").is_file()


def test_fresh_forgets_the_runs_and_models_even_in_the_same_process(tmp_path, artifact):
    """Does fresh=True give a store where the next registration is version 1 again?"""
    tracking.use_store(tmp_path / "demo")
    tracking.register(tracking.log_candidate("old", {"kind": "logistic"}, {"cv_auc_mean": 0.8}, artifact_dir=artifact))
    tracking.use_store(tmp_path / "demo", fresh=True)
    experiment = tracking.client().get_experiment_by_name(tracking.EXPERIMENT)
    assert tracking.client().search_runs([experiment.experiment_id]) == []
    assert tracking.register(tracking.log_candidate("new", {}, {}, artifact_dir=artifact)) == "1"


def test_a_candidate_run_keeps_its_parameters_metrics_and_artifact(store, artifact):
    run_id = tracking.log_candidate("logistic", {"kind": "logistic", "C": 1.0}, {"cv_auc_mean": 0.83},
                                    artifact_dir=artifact)
    run = tracking.client().get_run(run_id)
    assert run.info.run_name == "logistic"
    assert run.data.params == {"kind": "logistic", "C": "1.0"}
    assert run.data.metrics == {"cv_auc_mean": 0.83}
    meta = json.loads((artifact / "metadata.json").read_text())
    assert run.data.tags["artifact_sha256"] == meta["artifact_sha256"]
    logged = {f.path for f in tracking.client().list_artifacts(run_id, tracking.ARTIFACT_PATH)}
    assert logged == {"artifact/model.skops", "artifact/metadata.json", "artifact/MODEL_CARD.md"}


def test_the_champion_loads_back_with_the_same_predictions(store, artifact):
    run_id = tracking.log_candidate("logistic", {"kind": "logistic"}, {}, artifact_dir=artifact)
    assert tracking.register(run_id) == "1"
    loaded = tracking.load_by_alias("champion")
    rows = load_clean().head(50)
    assert list(loaded.predict_proba(rows)) == list(model.load_artifact(artifact).predict_proba(rows))


def test_registering_moves_the_alias_and_moving_it_back_rolls_back(store, artifact):
    first = tracking.register(tracking.log_candidate("a", {}, {}, artifact_dir=artifact))
    second = tracking.register(tracking.log_candidate("b", {}, {}, artifact_dir=artifact))
    assert (first, second) == ("1", "2")
    assert str(tracking.version_for_alias("champion").version) == "2"
    tracking.client().set_registered_model_alias(tracking.REGISTERED_MODEL, "champion", first)
    assert str(tracking.version_for_alias("champion").version) == "1"


def test_a_run_without_an_artifact_cannot_be_registered(store):
    run_id = tracking.log_candidate("majority", {"kind": "majority"}, {"cv_auc_mean": 0.5})
    with pytest.raises(tracking.RegistryError, match="The run 'majority' logged no artifact/ folder"):
        tracking.register(run_id)


def test_an_alias_that_does_not_exist_is_one_sentence(store):
    with pytest.raises(tracking.RegistryError) as info:
        tracking.load_by_alias("production")
    assert str(info.value) == ("The registry has no model 'churn' with the alias 'production': register a run and "
                               "set the alias first.")


def test_a_tampered_registered_artifact_is_refused(store, artifact):
    """Is a registered model whose file changed in the store refused by the hash check, not loaded?"""
    tracking.register(tracking.log_candidate("logistic", {}, {}, artifact_dir=artifact))
    stored = next((store / "artifacts").rglob("model.skops"))
    stored.write_bytes(stored.read_bytes() + b"tampered")
    with pytest.raises(model.ArtifactError, match="does not match the SHA-256"):
        tracking.load_by_alias("champion")


def test_served_dir_is_a_verified_copy_of_the_champion(store, artifact):
    tracking.register(tracking.log_candidate("logistic", {}, {}, artifact_dir=artifact))
    folder = tracking.served_dir("champion", store)
    example = pd.DataFrame([EXAMPLE])
    assert model.load_artifact(folder).predict_proba(example)[0] == model.load_artifact(artifact).predict_proba(example)[0]
