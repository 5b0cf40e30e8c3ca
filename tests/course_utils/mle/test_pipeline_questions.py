"""Are the artifact-verification questions of 20_mle_pipeline graded three ways, with messages naming the cause?"""

import hashlib
import json

from corpus import Corpus, Right, Wrong, corpus_tests
from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.mle import model, pipeline_cases


# q1: file_sha256(path)
def file_sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def chunked(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(8192), b""):
            digest.update(block)
    return digest.hexdigest()


def with_file_digest(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest().upper()


def path_text(path):
    return hashlib.sha256(str(path).encode()).hexdigest()


def text_mode(path):
    with open(path, encoding="utf-8") as f:
        return hashlib.sha256(f.read().encode()).hexdigest()


def text_mode_latin1(path):
    with open(path, encoding="latin-1") as f:
        return hashlib.sha256(f.read().encode("latin-1")).hexdigest()


def one_chunk(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read(65536)).hexdigest()


def digest_bytes(path):
    return hashlib.sha256(path.read_bytes()).digest()


def hash_object(path):
    return hashlib.sha256(path.read_bytes())


def labelled(path):
    return "sha256:" + file_sha256(path)


# q2: hash_matches(directory)
def meta(directory):
    return json.loads((directory / "metadata.json").read_text())


def hash_matches(directory):
    m = meta(directory)
    return file_sha256(directory / m["artifact_file"]) == m["artifact_sha256"].lower().removeprefix("sha256:")


def split_label(directory):
    m = meta(directory)
    recorded = m["artifact_sha256"].split(":")[-1].casefold()
    return chunked(directory / m["artifact_file"]) == recorded


def hashes_metadata(directory):
    m = meta(directory)
    recorded = m["artifact_sha256"].lower().removeprefix("sha256:")
    return hashlib.sha256((directory / "metadata.json").read_bytes()).hexdigest() == recorded


def hashes_path(directory):
    m = meta(directory)
    recorded = m["artifact_sha256"].lower().removeprefix("sha256:")
    return hashlib.sha256(str(directory / m["artifact_file"]).encode()).hexdigest() == recorded


def lstrip_label(directory):
    m = meta(directory)
    return file_sha256(directory / m["artifact_file"]) == m["artifact_sha256"].lower().lstrip("sha256:")


def case_sensitive(directory):
    m = meta(directory)
    return file_sha256(directory / m["artifact_file"]) == m["artifact_sha256"].removeprefix("sha256:")


def no_label(directory):
    m = meta(directory)
    return file_sha256(directory / m["artifact_file"]) == m["artifact_sha256"].lower()


def hard_coded_name(directory):
    m = meta(directory)
    return file_sha256(directory / "model.skops") == m["artifact_sha256"].lower().removeprefix("sha256:")


def only_exists(directory):
    return (directory / meta(directory)["artifact_file"]).is_file()


# q3: verify_artifact(directory, installed)
def verify_artifact(directory, installed):
    if not hash_matches(directory):
        raise ValueError("hash mismatch")
    m = meta(directory)
    for name, version in m["library_versions"].items():
        if installed.get(name) != version:
            raise ValueError(f"{name} {version} recorded, {installed.get(name)} installed")
    return m["model_version"]


def verify_with_sets(directory, installed):
    m = meta(directory)
    wrong = set(m["library_versions"].items()) - set(installed.items())
    if not split_label(directory) or wrong:
        raise ValueError(f"refusing: hash or versions {sorted(wrong)}")
    return m["model_version"]


def only_sklearn(directory, installed):
    if not hash_matches(directory):
        raise ValueError("hash mismatch")
    m = meta(directory)
    if m["library_versions"]["scikit-learn"] != installed["scikit-learn"]:
        raise ValueError("version mismatch")
    return m["model_version"]


def major_minor(directory, installed):
    if not hash_matches(directory):
        raise ValueError("hash mismatch")
    m = meta(directory)
    for name, version in m["library_versions"].items():
        if installed.get(name, "").split(".")[:2] != version.split(".")[:2]:
            raise ValueError("version mismatch")
    return m["model_version"]


def whole_dicts(directory, installed):
    if not hash_matches(directory):
        raise ValueError("hash mismatch")
    if meta(directory)["library_versions"] != installed:
        raise ValueError("version mismatch")
    return meta(directory)["model_version"]


def indexes_installed(directory, installed):
    if not hash_matches(directory):
        raise ValueError("hash mismatch")
    m = meta(directory)
    for name, version in m["library_versions"].items():
        if installed[name] != version:
            raise ValueError("version mismatch")
    return m["model_version"]


def with_assert(directory, installed):
    assert hash_matches(directory)
    m = meta(directory)
    assert all(installed.get(k) == v for k, v in m["library_versions"].items())
    return m["model_version"]


def hard_coded_version(directory, installed):
    verify_artifact(directory, installed)
    return model.MODEL_VERSION


def no_hash(directory, installed):
    m = meta(directory)
    for name, version in m["library_versions"].items():
        if installed.get(name) != version:
            raise ValueError("version mismatch")
    return m["model_version"]


def returns_false(directory, installed):
    if not hash_matches(directory):
        return False
    return meta(directory)["model_version"]


CORPUS = {
    "mle_pipeline.q1": Corpus(
        wrong=[
            Wrong(path_text, says="hashed the path's text", seen="hashlib.sha256(str(path).encode())"),
            Wrong(text_mode, says="not UTF-8", seen="open(path) then .read().encode()"),
            Wrong(text_mode_latin1, says="turns \\r\\n into \\n", seen="text mode with an encoding that never fails"),
            Wrong(one_chunk, says="only the first chunk", seen="one f.read(65536), no loop"),
            Wrong(digest_bytes, says=".hexdigest()", seen=".digest() instead of .hexdigest()"),
            Wrong(hash_object, says="the hash object itself", seen="forgot .hexdigest()"),
            Wrong(labelled, says="without the 'sha256:' label", seen="copied the Docker digest format"),
        ],
        right=[
            Right(file_sha256, how="read_bytes in one go"),
            Right(chunked, how="a loop of 8 kB reads, as for files larger than memory"),
            Right(with_file_digest, how="hashlib.file_digest, in capitals"),
        ],
    ),
    "mle_pipeline.q2": Corpus(
        wrong=[
            Wrong(hashes_metadata, says="It hashed metadata.json"),
            Wrong(hashes_path, says="hashed the path's text"),
            Wrong(lstrip_label, says="use .removeprefix('sha256:')", seen="lstrip('sha256:') for the label"),
            Wrong(case_sensitive, says="in capitals", seen="no .lower() on the recorded hash"),
            Wrong(no_label, says="as Docker and OCI write digests", seen="did not strip the label"),
            Wrong(hard_coded_name, says="metadata['artifact_file']", seen="directory / 'model.skops'"),
            Wrong(only_exists, says="accepted a model file whose bytes changed", seen="checked the file is there"),
        ],
        right=[
            Right(hash_matches, how="removeprefix and lower"),
            Right(split_label, how="split(':') and casefold, chunked reads"),
        ],
    ),
    "mle_pipeline.q3": Corpus(
        wrong=[
            Wrong(only_sklearn, says="it checked only scikit-learn"),
            Wrong(major_minor, says="not just the major and minor"),
            Wrong(whole_dicts, says="not the two dicts as a whole"),
            Wrong(indexes_installed, says="KeyError when a library the model needs (skops) is not installed"),
            Wrong(with_assert, says="-O"),
            Wrong(hard_coded_version, says="return the metadata's model_version"),
            Wrong(no_hash, says="accepted a model file whose bytes changed"),
            Wrong(returns_false, says="accepted a model file whose bytes changed", seen="returned False, no raise"),
        ],
        right=[
            Right(verify_artifact, how="a loop over the recorded versions"),
            Right(verify_with_sets, how="a set difference of (name, version) pairs"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)


def test_blank_stubs_are_not_attempted():
    def blank(path):
        """The exercise's stub: its body is only a comment."""

    for qid in ("mle_pipeline.q1", "mle_pipeline.q2", "mle_pipeline.q3"):
        assert get(qid).grade(...).status == NOT_ATTEMPTED
        assert get(qid).grade(blank).status == NOT_ATTEMPTED


def test_a_function_without_return_is_incorrect():
    def checks_nothing(path):
        hashlib.sha256(path.read_bytes()).hexdigest()

    outcome = get("mle_pipeline.q1").grade(checks_nothing)
    assert outcome.status == INCORRECT and "did you forget `return`?" in outcome.message


def test_the_payload_defeats_lstrip_and_text_mode():
    """The check's file proves what it claims: its hash starts with a character lstrip('sha256:') removes, it
    holds \\r\\n and bytes that are not UTF-8, and it is larger than the read buffers the check recognises."""
    data = pipeline_cases.payload()
    assert hashlib.sha256(data).hexdigest()[0] in set("sha256:")
    assert b"\r\n" in data and len(data) > max(pipeline_cases.CHUNK_SIZES)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("the payload decodes as UTF-8")


def test_the_course_verify_agrees_with_the_solution(tmp_path):
    """model.verify, which guards the real service, refuses what the exercise's answer refuses."""
    directory = pipeline_cases.write_artifact(tmp_path / "a", model_bytes=pipeline_cases.tampered(),
                                              recorded=hashlib.sha256(pipeline_cases.payload()).hexdigest())
    try:
        model.verify(meta(directory), directory / "model.skops")
    except model.ArtifactError:
        pass
    else:
        raise AssertionError("model.verify accepted a tampered file")
    assert get("mle_pipeline.q3").grade(verify_artifact).status == PASSED


def test_a_hash_from_another_import_compared_in_capitals_is_not_called_lstrip():
    """A learner hashing with `from hashlib import sha256` (which the check cannot watch) and upper-casing only one
    side gets the comparison named, not the lstrip mistake."""
    from hashlib import sha256

    def upper_one_side(directory):
        m = meta(directory)
        return sha256((directory / m["artifact_file"]).read_bytes()).hexdigest().upper() == m["artifact_sha256"]

    outcome = get("mle_pipeline.q2").grade(upper_one_side)
    assert outcome.status == INCORRECT and "lstrip" not in outcome.message, outcome.message
