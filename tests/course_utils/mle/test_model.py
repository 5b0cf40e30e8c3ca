"""Is the churn model trained reproducibly, saved safely, and refused when tampered with?"""

import json

import numpy as np
import pytest

from course_utils.mle import model
from course_utils.data import load_clean


@pytest.fixture(scope="module")
def artifact_dir(tmp_path_factory):
    return model.build_artifact(tmp_path_factory.mktemp("artifact") / "churn-model")


def test_every_kind_of_pipeline_trains_and_scores():
    df = load_clean().head(800)
    for kind in model.KINDS:
        proba = model.train(df, kind).predict_proba(df[list(model.FEATURES)])[:, 1]
        assert proba.shape == (800,) and ((proba >= 0) & (proba <= 1)).all()


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        model.make_pipeline("forest")


def test_rebuilding_on_the_same_machine_gives_the_same_bytes(artifact_dir, tmp_path):
    """Only on the same machine: another CPU's OpenBLAS kernel can change the model's last bits."""
    again = model.build_artifact(tmp_path / "again")
    for name in ("model.skops", "metadata.json", "MODEL_CARD.md"):
        assert (again / name).read_bytes() == (artifact_dir / name).read_bytes(), name


def test_metadata_records_what_the_mle_needs(artifact_dir):
    meta = json.loads((artifact_dir / "metadata.json").read_text())
    assert meta["model_version"] == model.MODEL_VERSION
    assert meta["artifact_sha256"] == model.file_hash(artifact_dir / "model.skops")
    assert meta["training_data_sha256"] == model.data_hash(load_clean()[list(model.FEATURES) + [model.TARGET]])
    assert meta["features"] == list(model.FEATURES)
    assert meta["feature_schema"]["Contract"] == {"type": "category",
                                                  "values": ["Month-to-month", "One year", "Two year"]}
    assert meta["feature_schema"]["tenure"] == {"type": "integer", "min": 0.0, "max": 72.0}
    assert 0.8 < meta["metrics"]["roc_auc"] < 0.9
    assert meta["library_versions"]["scikit-learn"] == "1.9.1"


def test_loaded_model_predicts_like_a_fresh_training(artifact_dir):
    df = load_clean().head(200)
    loaded = model.load_artifact(artifact_dir)
    fresh = model.train().predict_proba(df[list(model.FEATURES)])[:, 1]
    np.testing.assert_array_equal(loaded.predict_proba(df), fresh)
    assert loaded.version == "1.0.0"


def copy_of(artifact_dir, tmp_path):
    target = tmp_path / "copy"
    target.mkdir()
    for path in artifact_dir.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


def test_a_tampered_model_file_is_refused(artifact_dir, tmp_path):
    target = copy_of(artifact_dir, tmp_path)
    with open(target / "model.skops", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(model.ArtifactError, match="does not match the SHA-256"):
        model.load_artifact(target)


def test_another_scikit_learn_version_is_refused(artifact_dir):
    meta = model.read_metadata(artifact_dir)
    with pytest.raises(model.ArtifactError, match="built with scikit-learn 1.9.1 but 0.24.2 is installed"):
        model.verify(meta, artifact_dir / "model.skops", installed_sklearn="0.24.2")


def test_missing_and_corrupt_artifacts_get_one_sentence(tmp_path, artifact_dir):
    with pytest.raises(model.ArtifactError, match="No model artifact.*course model build"):
        model.load_artifact(tmp_path / "nothing")
    target = copy_of(artifact_dir, tmp_path)
    (target / "metadata.json").write_text("{oops")
    with pytest.raises(model.ArtifactError, match="unreadable"):
        model.load_artifact(target)
    (target / "metadata.json").write_text((artifact_dir / "metadata.json").read_text())
    (target / "model.skops").unlink()
    with pytest.raises(model.ArtifactError, match="model.skops is missing"):
        model.load_artifact(target)


def test_ensure_artifact_builds_once(tmp_path):
    first = model.ensure_artifact(tmp_path / "m")
    stamp = (tmp_path / "m" / "model.skops").stat().st_mtime_ns
    second = model.ensure_artifact(tmp_path / "m")
    assert (tmp_path / "m" / "model.skops").stat().st_mtime_ns == stamp
    assert first.metadata == second.metadata


def test_an_installed_copy_has_no_default_folder_and_writes_nothing(monkeypatch):
    """In site-packages there is no build/ to default to: every entry point asks for a folder instead."""
    monkeypatch.setattr(model, "DEFAULT_DIR", None)
    for entry_point in (model.build_artifact, model.read_metadata, model.load_artifact, model.ensure_artifact):
        with pytest.raises(model.ArtifactError, match="installed package has no default one.*pass --dir"):
            entry_point()
