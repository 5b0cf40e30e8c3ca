"""Questions of ``20_mle_pipeline``: refuse an artifact whose hash or library version does not match."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import metadata
from typing import Any

from course_utils.checks import CustomQuestion, NotAttempted, describe

_GOOD_BYTES = b"pretend this is model.skops"


@cache
def _versions() -> dict[str, str]:
    """The installed scikit-learn ("built"), an older minor release ("other") and another patch ("patch")."""
    built = metadata.version("scikit-learn")
    major, minor, patch = (int(n or 0) for n in re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", built).groups())
    other = f"{major}.{minor - 1}.0" if minor else f"{major - 1}.0.0"
    return {"built": built, "other": other, "patch": f"{major}.{minor}.{patch - 1 if patch else patch + 1}"}


def _metadata() -> dict:
    """The metadata of the good artifact: built with the installed scikit-learn."""
    return {
        "model_version": "1.0.0",
        "artifact_sha256": hashlib.sha256(_GOOD_BYTES).hexdigest(),
        "library_versions": {"scikit-learn": _versions()["built"]},
    }


def _outcome(func, model_bytes: bytes, installed: str) -> tuple[str, Any]:
    """("returned", value) or ("raised", exception) for one call of the learner's function."""
    try:
        return "returned", func(_metadata(), model_bytes, installed)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as exc:  # the learner's function may raise anything; that is what we grade
        return "raised", exc


def _grade_verify(func: Any) -> str | None:
    if not callable(func):
        return f"Expected a function, but got {describe(func)}."
    versions = _versions()
    good = _outcome(func, _GOOD_BYTES, versions["built"])
    tampered = _outcome(func, _GOOD_BYTES + b"\0", versions["built"])
    other_version = _outcome(func, _GOOD_BYTES, versions["other"])
    patch_version = _outcome(func, _GOOD_BYTES, versions["patch"])
    if all(o == ("returned", None) for o in (good, tampered, other_version, patch_version)):
        return "Your function returned None for every test case: did you forget `return`?"
    if good[0] == "raised":
        exc = good[1]
        if isinstance(exc, ValueError):
            return (f"It refused a good artifact ({exc}). If you compared hashlib.sha256(...).digest() (bytes) "
                    "with the metadata, use .hexdigest(): the metadata stores the hash as hex text.")
        return f"It crashed on a good artifact: {exc.__class__.__name__}: {exc}."
    if good[1] != _metadata()["model_version"]:
        return (f"For a good artifact it returned {describe(good[1])}; return the metadata's model_version "
                f"({_metadata()['model_version']!r}) so the caller knows what it loaded.")
    for name, result in (("tampered", tampered), ("other_version", other_version), ("patch", patch_version)):
        if result[0] == "raised" and isinstance(result[1], AssertionError):
            return ("It refuses with assert. Asserts vanish when Python runs with -O, and this check must never "
                    "vanish: raise ValueError(...) instead.")
        if result[0] == "raised" and not isinstance(result[1], ValueError):
            return (f"It refused with {result[1].__class__.__name__}; raise ValueError with a message saying what "
                    "did not match, so the caller can catch one kind of error.")
    if tampered[0] == "returned":
        return ("It accepted model bytes whose SHA-256 differs from metadata['artifact_sha256']: a tampered file "
                "would be loaded. Hash the bytes with hashlib.sha256(...).hexdigest() and compare.")
    if other_version[0] == "returned":
        return (f"It accepted a model built with scikit-learn {versions['built']} while {versions['other']} is "
                "installed: compare metadata['library_versions']['scikit-learn'] with installed_sklearn.")
    if patch_version[0] == "returned":
        return (f"It accepted {versions['built']} against an installed {versions['patch']}. scikit-learn only "
                "supports loading with the exact version that saved the model: compare the full version string, "
                "not just the major and minor.")
    return None


q1 = CustomQuestion(
    id="mle_pipeline.q1",
    prompt=("Write verify(metadata, model_bytes, installed_sklearn) that raises ValueError when the bytes' SHA-256 "
            "or the scikit-learn version differs from the metadata, and otherwise returns the model version."),
    grader=_grade_verify,
    pass_message="Your check refuses a tampered file and a version mismatch, and accepts a good artifact.",
    hints=[
        "Two comparisons: the hash of the bytes against metadata['artifact_sha256'], and "
        "metadata['library_versions']['scikit-learn'] against installed_sklearn. Refuse on either.",
        "hashlib.sha256(model_bytes).hexdigest() gives the hash as hex text, like the one in the metadata.",
        "if digest != metadata['artifact_sha256']: raise ValueError('...'); then the same for the version; "
        "then return metadata['model_version'].",
    ],
    solution_text='''
import hashlib

def verify(metadata, model_bytes, installed_sklearn):
    digest = hashlib.sha256(model_bytes).hexdigest()
    if digest != metadata["artifact_sha256"]:
        raise ValueError("model file does not match the SHA-256 in the metadata: refusing to load it")
    built_with = metadata["library_versions"]["scikit-learn"]
    if built_with != installed_sklearn:
        raise ValueError(f"model built with scikit-learn {built_with}, but {installed_sklearn} is installed")
    return metadata["model_version"]
''',
)
