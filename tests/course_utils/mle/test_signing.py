"""Does a signature catch what the SHA-256 in metadata.json cannot: a model and its metadata changed together?"""

import json
import shutil

import pytest

from course_utils.mle import model, signing


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return signing.ensure_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return model.build_artifact(tmp_path_factory.mktemp("built"))


@pytest.fixture
def signed(tmp_path, built, keys):
    folder = tmp_path / "signed"
    shutil.copytree(built, folder)
    signing.sign(folder, keys[0])
    return folder


def test_keys_are_created_once_and_the_private_one_is_private(tmp_path):
    private, public = signing.ensure_keys(tmp_path / "k")
    assert private.stat().st_mode & 0o777 == 0o600
    assert b"BEGIN PUBLIC KEY" in public.read_bytes()
    first = private.read_bytes()
    assert signing.ensure_keys(tmp_path / "k")[0].read_bytes() == first


def test_a_signed_artifact_loads_with_its_public_key(signed, keys):
    assert model.load_artifact(signed, public_key=keys[1]).version == model.MODEL_VERSION


def test_tampering_with_the_model_and_its_hash_together_passes_the_hash_but_not_the_signature(signed, keys, tmp_path):
    """Is a model replaced, with metadata.json's SHA-256 rewritten to match, loaded without a key and refused with one?"""
    other = model.build_artifact(tmp_path / "other", model.load_clean().sample(500, random_state=1))
    shutil.copy(other / "model.skops", signed / "model.skops")
    meta = json.loads((signed / "metadata.json").read_text())
    meta["artifact_sha256"] = model.file_hash(signed / "model.skops")
    (signed / "metadata.json").write_text(json.dumps(meta))
    assert model.load_artifact(signed).version == model.MODEL_VERSION  # the hash alone is fooled
    with pytest.raises(model.ArtifactError, match="does not match its signature \\(a file's contents changed\\)"):
        model.load_artifact(signed, public_key=keys[1])


def test_another_key_does_not_verify(signed, tmp_path):
    stranger = signing.ensure_keys(tmp_path / "stranger")[1]
    with pytest.raises(model.ArtifactError, match="does not match its signature"):
        model.load_artifact(signed, public_key=stranger)


def test_an_added_file_breaks_the_signature(signed, keys):
    (signed / "extra.py").write_text("print('hello')")
    with pytest.raises(model.ArtifactError, match="a file was added"):
        model.load_artifact(signed, public_key=keys[1])


def test_a_missing_signature_is_refused_when_a_key_is_configured(built, keys, monkeypatch):
    monkeypatch.setenv(signing.PUBLIC_KEY_ENV, str(keys[1]))
    with pytest.raises(model.ArtifactError, match="The artifact has no model.sig, and a public key is configured"):
        model.load_artifact(built)


def test_a_damaged_signature_and_a_missing_key_are_one_sentence(signed, keys, tmp_path):
    (signed / signing.SIGNATURE).write_text("not a signature")
    with pytest.raises(model.ArtifactError, match="does not match its signature") as info:
        model.load_artifact(signed, public_key=keys[1])
    assert "\n" not in str(info.value)
    with pytest.raises(model.ArtifactError, match="does not exist"):
        model.load_artifact(signed, public_key=tmp_path / "nope.pem")
