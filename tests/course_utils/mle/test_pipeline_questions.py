"""Is the artifact-verification question of 20_mle_pipeline graded three ways?"""

import hashlib

import sklearn

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get

QID = "mle_pipeline.q1"


def right(metadata, model_bytes, installed_sklearn):
    if hashlib.sha256(model_bytes).hexdigest() != metadata["artifact_sha256"]:
        raise ValueError("hash mismatch")
    if metadata["library_versions"]["scikit-learn"] != installed_sklearn:
        raise ValueError("version mismatch")
    return metadata["model_version"]


def test_blank_is_not_attempted():
    def blank(metadata, model_bytes, installed_sklearn):
        """The exercise's stub: its body is only a comment."""

    assert get(QID).grade(...).status == NOT_ATTEMPTED
    assert get(QID).grade(blank).status == NOT_ATTEMPTED


def test_a_verify_without_return_or_raise_is_incorrect():
    def checks_nothing(metadata, model_bytes, installed_sklearn):
        hashlib.sha256(model_bytes).hexdigest()

    outcome = get(QID).grade(checks_nothing)
    assert outcome.status == INCORRECT and "did you forget `return`?" in outcome.message


def test_digest_instead_of_hexdigest_is_explained():
    def bytes_digest(metadata, model_bytes, installed_sklearn):
        if hashlib.sha256(model_bytes).digest() != metadata["artifact_sha256"]:
            raise ValueError("hash mismatch")
        return metadata["model_version"]

    outcome = get(QID).grade(bytes_digest)
    assert outcome.status == INCORRECT and ".hexdigest()" in outcome.message


def test_checking_only_the_hash_is_explained():
    def hash_only(metadata, model_bytes, installed_sklearn):
        if hashlib.sha256(model_bytes).hexdigest() != metadata["artifact_sha256"]:
            raise ValueError("hash mismatch")
        return metadata["model_version"]

    outcome = get(QID).grade(hash_only)
    assert outcome.status == INCORRECT and f"built with scikit-learn {sklearn.__version__} while" in outcome.message
    major, minor = sklearn.__version__.split(".")[:2]
    assert f"while {major}.{int(minor) - 1}.0 is installed" in outcome.message


def test_the_good_artifact_was_built_with_the_installed_scikit_learn():
    seen = []

    def recording(metadata, model_bytes, installed_sklearn):
        seen.append((metadata["library_versions"]["scikit-learn"], installed_sklearn))
        return right(metadata, model_bytes, installed_sklearn)

    assert get(QID).grade(recording).status == PASSED
    assert seen[0] == (sklearn.__version__, sklearn.__version__)
    assert all(built == sklearn.__version__ for built, _ in seen)


def test_comparing_major_minor_only_is_explained():
    def loose(metadata, model_bytes, installed_sklearn):
        if hashlib.sha256(model_bytes).hexdigest() != metadata["artifact_sha256"]:
            raise ValueError("hash mismatch")
        if metadata["library_versions"]["scikit-learn"][:3] != installed_sklearn[:3]:
            raise ValueError("version mismatch")
        return metadata["model_version"]

    outcome = get(QID).grade(loose)
    assert outcome.status == INCORRECT and "exact version" in outcome.message


def test_assert_instead_of_raise_is_explained():
    def with_assert(metadata, model_bytes, installed_sklearn):
        assert hashlib.sha256(model_bytes).hexdigest() == metadata["artifact_sha256"]
        assert metadata["library_versions"]["scikit-learn"] == installed_sklearn
        return metadata["model_version"]

    outcome = get(QID).grade(with_assert)
    assert outcome.status == INCORRECT and "-O" in outcome.message


def test_returning_nothing_for_a_good_artifact_is_explained():
    def no_return(metadata, model_bytes, installed_sklearn):
        right(metadata, model_bytes, installed_sklearn)

    outcome = get(QID).grade(no_return)
    assert outcome.status == INCORRECT and "model_version" in outcome.message


def test_right_answer_passes():
    assert get(QID).grade(right).status == PASSED
