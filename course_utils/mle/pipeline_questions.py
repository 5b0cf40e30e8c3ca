"""Questions of ``20_mle_pipeline``: hash a saved file, match it with metadata.json, refuse a version mismatch.

Each check calls the learner's function on artifact folders it writes in a temporary folder
(``pipeline_cases``): good ones, ones whose hash is written another way, tampered ones and ones
built with other library versions. Messages name what was hashed or compared wrongly.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from course_utils.checks import CustomQuestion, NotAttempted, describe
from course_utils.mle import pipeline_cases as cases
from course_utils.mle.pipeline_cases import MODEL_VERSION, PREFIX, HashSpy, sha256


def _call(func, *args) -> tuple[str, Any]:
    """("returned", value) or ("raised", exception) for one call of the learner's function."""
    try:
        return "returned", func(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as exc:  # the learner's function may raise anything; that is what we grade
        return "raised", exc


def _crash(result: Any, what: str) -> str:
    return f"It crashed on {what}: {result.__class__.__name__}: {result}."


def _file_problem(got: Any, path: Path, data: bytes) -> str | None:
    """None when ``got`` is the hex SHA-256 of ``data`` (the file at ``path``); otherwise the likely cause."""
    if hasattr(got, "hexdigest"):
        return "It returned the hash object itself: call .hexdigest() on it to get the hash as hex text."
    if isinstance(got, bytes):
        return ("It returned bytes (.digest()). metadata.json stores the hash as hex text: use .hexdigest().")
    if not isinstance(got, str):
        return f"It returned {describe(got)}; return the hash as hex text, a str of 64 characters."
    if got.lower().startswith(PREFIX):
        return f"It returned {got[:12]}...: return the plain hex text, without the {PREFIX!r} label."
    if got.lower() == sha256(data):
        return None
    if got.lower() in {sha256(str(path).encode()), sha256(path.name.encode()), sha256(bytes(path))}:
        return ("It hashed the path's text, not the file: read the bytes first (path.read_bytes()) and hash those.")
    if got.lower() == sha256(cases.as_text_mode_reads(data)):
        return ("It read the file in text mode, which turns \\r\\n into \\n and changes the hash. Open it in binary "
                "mode ('rb', or path.read_bytes()).")
    if got.lower() in {sha256(data[:n]) for n in cases.CHUNK_SIZES}:
        return ("It hashed only the first chunk of the file. Read until read() returns b'' (a loop), or read it "
                "whole with path.read_bytes().")
    return "It returned a hex text, but not the SHA-256 of the file's bytes: hash path.read_bytes()."


def _grade_file_sha256(func: Any) -> str | None:
    if not callable(func):
        return f"Expected a function, but got {describe(func)}."
    with tempfile.TemporaryDirectory() as tmp:
        files = {Path(tmp) / "model.skops": cases.payload(), Path(tmp) / "small.bin": b"\x00\xff\r\n tiny model"}
        results = []
        for path, data in files.items():
            path.write_bytes(data)
            results.append((path, data, _call(func, path)))
    if all(result == ("returned", None) for *_, result in results):
        return "Your function returned None for every test case: did you forget `return`?"
    for path, data, (kind, got) in results:
        if kind == "raised" and isinstance(got, UnicodeDecodeError):
            return ("It read the file as text and failed on bytes that are not UTF-8: a model file is binary. "
                    "Open it with 'rb' or use path.read_bytes().")
        if kind == "raised":
            return _crash(got, f"the file {path.name}")
        problem = _file_problem(got, path, data)
        if problem:
            return problem
    return None


q1 = CustomQuestion(
    id="mle_pipeline.q1",
    prompt="Write file_sha256(path) returning the SHA-256 of the file's bytes as hex text.",
    grader=_grade_file_sha256,
    pass_message="Your function hashes the file's bytes, all of them, in binary mode.",
    hints=[
        "A model file is binary: read it with path.read_bytes() (or open(path, 'rb')), never in text mode.",
        "hashlib.sha256(data).hexdigest() gives the hash as 64 hex characters, as metadata.json stores it.",
        "return hashlib.sha256(path.read_bytes()).hexdigest()",
    ],
    solution_text='''
import hashlib

def file_sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()
''',
)


def _hashed_wrong(spy: HashSpy, directory: Path) -> str | None:
    """What the learner hashed instead of the model file's bytes, as a message, if the spy saw it."""
    meta_bytes = (directory / "metadata.json").read_bytes()
    model_path = directory / "model.skops"
    if any(h in (meta_bytes, cases.as_text_mode_reads(meta_bytes)) for h in spy.hashed):
        return ("It hashed metadata.json. The SHA-256 recorded in metadata.json is the model file's: hash the file "
                "named by metadata['artifact_file'].")
    if any(h in (str(model_path).encode(), model_path.name.encode()) for h in spy.hashed):
        return "It hashed the path's text, not the file: hash the bytes of the model file (path.read_bytes())."
    if cases.as_text_mode_reads(cases.payload()) in spy.hashed:
        return "It read the model file in text mode, which changes \\r\\n to \\n: read it in binary mode."
    return None


def _grade_hash_matches(func: Any) -> str | None:
    if not callable(func):
        return f"Expected a function, but got {describe(func)}."
    right = sha256(cases.payload())
    folders = {
        "good": ({}, True),
        "good f": ({"model_bytes": cases.payload("f")}, True),
        "capitals": ({"recorded": right.upper()}, True),
        "prefixed": ({"recorded": PREFIX + right}, True),
        "renamed": ({"artifact_file": "churn-2.3.1.skops"}, True),
        "tampered": ({"model_bytes": cases.tampered(), "recorded": right}, False),
        "tampered prefixed": ({"model_bytes": cases.tampered(), "recorded": PREFIX + right}, False),
    }
    results, hashed_right = {}, False
    with tempfile.TemporaryDirectory() as tmp:
        for name, (options, _) in folders.items():
            directory = cases.write_artifact(Path(tmp) / name.replace(" ", "-"), **options)
            with HashSpy() as spy:
                results[name] = _call(func, directory)
            if name == "good" and results[name] == ("returned", False):
                wrong = _hashed_wrong(spy, directory)
                if wrong:
                    return wrong
                hashed_right = cases.payload() in spy.hashed
    if all(result == ("returned", None) for result in results.values()):
        return "Your function returned None for every test case: did you forget `return`?"
    for name, (kind, got) in results.items():
        if kind == "raised" and name == "renamed" and isinstance(got, FileNotFoundError):
            return ("It opened model.skops, but this artifact's metadata names its file 'churn-2.3.1.skops': read "
                    "the file named by metadata['artifact_file'].")
        if kind == "raised":
            return _crash(got, f"the {name} artifact")
        if not isinstance(got, bool):
            return f"For the {name} artifact it returned {describe(got)}; return True or False."
    if results["good"][1] is False and not hashed_right:
        return ("It refused a good artifact. Hash the bytes of the file named by metadata['artifact_file'] and "
                "compare with the recorded hash, lower-cased and without 'sha256:'.")
    if results["good"][1] is False and results["good f"][1] is True:
        return ("It refused a good artifact whose hash starts with 'a'. If you strip the label with "
                f"lstrip({PREFIX!r}) or strip({PREFIX!r}), that strips the characters s, h, a, 2, 5, 6 and ':' "
                f"from the start of the hash too: use .removeprefix({PREFIX!r}).")
    if results["good"][1] is False or results["good f"][1] is False:
        return ("It hashed the right bytes but refused a good artifact: compare your file_sha256 with "
                "metadata['artifact_sha256'].lower().removeprefix('sha256:'), both as lower-case hex.")
    if results["capitals"][1] is False:
        return ("It refused a good artifact whose hash is written in capitals (some tools, like PowerShell's "
                "Get-FileHash, write it so). Hex is the same in either case: compare .lower() of both.")
    if results["prefixed"][1] is False:
        return (f"It refused a good artifact whose hash is written {PREFIX}<hex>, as Docker and OCI write digests: "
                f"remove the label with .removeprefix({PREFIX!r}) before comparing.")
    if results["tampered"][1] or results["tampered prefixed"][1]:
        which = "" if results["tampered"][1] else f" when the hash is written {PREFIX}<hex>"
        return (f"It accepted a model file whose bytes changed after it was saved{which}: compare the whole hash of "
                "the file's bytes with the whole recorded hash, and return False when they differ.")
    return None


q2 = CustomQuestion(
    id="mle_pipeline.q2",
    prompt=("Write hash_matches(directory): read metadata.json, hash the file it names in artifact_file, and return "
            "True when that SHA-256 equals artifact_sha256 (written in either case, with or without 'sha256:')."),
    grader=_grade_hash_matches,
    pass_message=("Your function matches the file's bytes with the recorded hash however it is written, and catches "
                  "a changed file."),
    hints=[
        "metadata = json.loads((directory / 'metadata.json').read_text()); the model file is "
        "directory / metadata['artifact_file']: hash its bytes with your file_sha256.",
        "Normalise the recorded hash before comparing: .lower(), and .removeprefix('sha256:') (not lstrip, which "
        "removes characters, not a prefix).",
        "return file_sha256(directory / metadata['artifact_file']) == "
        "metadata['artifact_sha256'].lower().removeprefix('sha256:')",
    ],
    solution_text='''
import json

def hash_matches(directory):
    metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    recorded = metadata["artifact_sha256"].lower().removeprefix("sha256:")
    return file_sha256(directory / metadata["artifact_file"]) == recorded
''',
)


def _grade_verify(func: Any) -> str | None:
    if not callable(func):
        return f"Expected a function, but got {describe(func)}."
    from course_utils.mle import model

    installed = model.library_versions()
    built = dict(installed)
    installed_plus = {**installed, "fastapi": "0.1.0"}  # a package the model does not need
    without_skops = {k: v for k, v in installed_plus.items() if k != "skops"}
    folders = {
        "good": ({}, installed_plus),
        "tampered": ({"model_bytes": cases.tampered(), "recorded": sha256(cases.payload())}, installed_plus),
        "scikit-learn patch": ({"versions": {**built, "scikit-learn": cases.other_version(built["scikit-learn"])}},
                               installed_plus),
        "numpy": ({"versions": {**built, "numpy": cases.other_version(built["numpy"], part=1)}}, installed_plus),
        "skops missing": ({}, without_skops),
    }
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (options, have) in folders.items():
            directory = cases.write_artifact(Path(tmp) / name.replace(" ", "-"), **options)
            results[name] = _call(func, directory, dict(have))
            if name == "good" and results[name][0] == "raised":
                exact = _call(func, directory, dict(installed))
                if exact[0] == "returned" and isinstance(results[name][1], ValueError):
                    return ("It refused a good artifact because `installed` also lists a package the model does not "
                            "need (fastapi): compare each library recorded in metadata['library_versions'], not the "
                            "two dicts as a whole.")
    if all(result == ("returned", None) for result in results.values()):
        return "Your function returned None for every test case: did you forget `return`?"
    kind, got = results["good"]
    if kind == "raised":
        if isinstance(got, ValueError):
            return f"It refused a good artifact: {got}. Its hash and every recorded version match."
        return _crash(got, "a good artifact")
    if got != MODEL_VERSION:
        return (f"For a good artifact it returned {describe(got)}; return the metadata's model_version (this one is "
                f"{MODEL_VERSION!r}) so the caller knows what it loaded.")
    for name in ("tampered", "scikit-learn patch", "numpy", "skops missing"):
        kind, got = results[name]
        if kind == "raised" and isinstance(got, AssertionError):
            return ("It refuses with assert. Asserts vanish when Python runs with -O, and this check must never "
                    "vanish: raise ValueError(...) instead.")
        if kind == "raised" and isinstance(got, KeyError) and name == "skops missing":
            return ("It crashed with KeyError when a library the model needs (skops) is not installed: refuse with "
                    "ValueError naming it (installed.get(name) gives None for a missing one).")
        if kind == "raised" and not isinstance(got, ValueError):
            return (f"It refused the {name} artifact with {got.__class__.__name__}; raise ValueError with a message "
                    "saying what did not match, so the caller can catch one kind of error.")
    accepted = [name for name in folders if name != "good" and results[name][0] == "returned"]
    if "tampered" in accepted:
        return "It accepted a model file whose bytes changed: call your hash_matches(directory) and refuse on False."
    if "scikit-learn patch" in accepted and "numpy" in accepted:
        return "It accepted an artifact built with other library versions: compare each recorded version."
    if "scikit-learn patch" in accepted:
        return ("It accepted scikit-learn built " + built["scikit-learn"] + " against another patch release. "
                "scikit-learn only supports loading with the exact version that saved the model: compare the whole "
                "version string, not just the major and minor.")
    if "numpy" in accepted:
        return ("It accepted an artifact built with another numpy: it checked only scikit-learn. Compare every "
                "library in metadata['library_versions']; the lock file pins them all, so any difference means "
                "this is not the environment that built the model.")
    if "skops missing" in accepted:
        return "It accepted an artifact whose library skops is not installed at all: refuse a missing library too."
    return None


q3 = CustomQuestion(
    id="mle_pipeline.q3",
    prompt=("Write verify_artifact(directory, installed) that raises ValueError when the hash does not match or a "
            "library recorded in metadata.json is missing or at another version in `installed`, and otherwise "
            "returns the model version."),
    grader=_grade_verify,
    pass_message=("Your check refuses a changed file and any version mismatch, and accepts a good artifact even when "
                  "more packages are installed."),
    hints=[
        "First `if not hash_matches(directory): raise ValueError(...)`. Then, for each name and version in "
        "metadata['library_versions'], compare with installed.get(name).",
        "installed may list more packages than the model needs: compare only the recorded ones, and a missing one "
        "(None) is a mismatch too.",
        "for name, version in metadata['library_versions'].items(): if installed.get(name) != version: "
        "raise ValueError(f'{name} {version} recorded, {installed.get(name)} installed')",
    ],
    solution_text='''
def verify_artifact(directory, installed):
    if not hash_matches(directory):
        raise ValueError("the model file does not match the SHA-256 in metadata.json: refusing to load it")
    metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    for name, version in metadata["library_versions"].items():
        if installed.get(name) != version:
            raise ValueError(f"built with {name} {version}, but {installed.get(name)} is installed")
    return metadata["model_version"]
''',
)
