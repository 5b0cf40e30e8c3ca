"""Does the hand-off checklist recompute each fact from the file itself, so a changed file is caught?"""

import hashlib
import shutil

import pytest

from course_utils.capstone import checklist
from course_utils.capstone.artifact_checks import check_schema, check_sha, model_file


@pytest.fixture(scope="module")
def artifact(tmp_path_factory):
    from course_utils.mle import model

    return model.build_artifact(tmp_path_factory.mktemp("checklist") / "churn-model")


def test_the_blank_checklist_has_every_field_unfilled():
    blank = checklist.blank_checklist()
    assert list(blank) == list(checklist.FIELDS) and all(v is ... for v in blank.values())
    assert list(checklist.problems(blank).values()) == ["not filled in yet."] * len(checklist.FIELDS)


def test_a_file_changed_after_the_hand_off_fails_its_hash_and_its_schema(artifact, tmp_path):
    """The hash in metadata.json was right once; the check hashes the bytes that are there now."""
    tampered = tmp_path / "tampered"
    shutil.copytree(artifact, tampered)
    original = hashlib.sha256((tampered / "model.skops").read_bytes()).hexdigest()
    with open(tampered / "model.skops", "ab") as handle:
        handle.write(b"\0")
    path, reason = model_file(tampered / "model.skops")
    assert reason is None
    assert "changed after it was saved" in check_sha(original, path)
    assert "does not match the SHA-256" in check_sha("0" * 64, path)
    assert "does not load" in check_schema({"tenure": "integer"}, path)


def test_a_path_that_is_not_a_model_file_is_named(artifact, tmp_path):
    assert "no file at" in model_file(tmp_path / "missing.skops")[1]
    assert "describes the model" in model_file(artifact / "metadata.json")[1]
    stray = tmp_path / "model.skops"
    stray.write_bytes(b"not a model")
    assert "no metadata.json names it" in model_file(stray)[1]


def test_problems_are_reported_in_field_order():
    found = checklist.problems({**checklist.blank_checklist(), "owners": {"data_science": "A", "ml_engineering": "a"},
                                "threshold": 0.5})
    fields = list(found)
    assert fields == sorted(fields, key=checklist.FIELDS.index)
    assert "default" in found["threshold"] and "same owner" in found["owners"]
