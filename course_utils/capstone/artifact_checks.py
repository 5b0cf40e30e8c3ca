"""The artifact side of the hand-off checklist: each field checked against the model file itself.

Every check recomputes its fact from the file, its folder or the installed libraries and returns
None when the learner's value is right, else one sentence that names the cause.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib import metadata as importlib_metadata
from pathlib import Path

from course_utils.data import load_clean
from course_utils.mle import model

_TYPES = {
    "integer": {"integer", "int", "int64", "int32"},
    "number": {"number", "float", "float64", "float32", "double", "numeric", "decimal"},
    "category": {"category", "categorical", "str", "string", "object", "text"},
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def word(value: object) -> str | None:
    """``value`` stripped and case-folded when it is text, else None."""
    return value.strip().casefold() if isinstance(value, str) else None


def canonical(value: object, names: Mapping[str, set[str]]) -> str | None:
    """The key of ``names`` whose spellings include ``value``, or None."""
    text = word(value)
    return next((key for key, spellings in names.items() if text in spellings), None)


def model_file(value: object) -> tuple[Path | None, str | None]:
    """The model file named by ``artifact_path``, or None and the reason it is not one."""
    if not isinstance(value, (str, Path)):
        return None, "give the path of the model file as text or a Path, like str(artifact_dir / 'model.skops')."
    path = Path(value)
    if not path.exists():
        return None, f"there is no file at {path}: build the artifact first and copy its path."
    if path.is_dir():
        return None, "that is the artifact folder: point at the model file inside it, the one the service loads."
    if path.name in ("metadata.json", "MODEL_CARD.md"):
        return None, f"{path.name} describes the model; the artifact is the model file next to it."
    meta_path = path.parent / "metadata.json"
    if not meta_path.exists() or json.loads(meta_path.read_text()).get("artifact_file") != path.name:
        return None, f"{path.name} is not the model file of an artifact folder (no metadata.json names it)."
    return path, None


def check_sha(value: object, path: Path) -> str | None:
    actual = _sha256(path.read_bytes())
    text = word(value)
    if text is None:
        return "give the SHA-256 as a string of 64 hexadecimal digits."
    if text == actual:
        return None
    if text == _sha256(str(path).encode()) or text == _sha256(path.name.encode()):
        return "that is the hash of the file's name; hash its bytes: hashlib.sha256(path.read_bytes())."
    meta = json.loads((path.parent / "metadata.json").read_text())
    if text == meta.get("artifact_sha256"):
        return ("that is the hash metadata.json records, but the file's bytes no longer match it: the model "
                "changed after it was saved, so rebuild the artifact rather than hand this one over.")
    if text == meta.get("training_data_sha256"):
        return "that is the hash of the training data; the engineer needs the hash of the model file."
    others = {_sha256(p.read_bytes()) for p in path.parent.iterdir() if p.is_file() and p != path}
    if text in others:
        return "that is the hash of another file of the folder; hash the model file itself."
    if len(text) == 32 and text == hashlib.md5(path.read_bytes()).hexdigest():
        return "that is an MD5 digest (32 digits); the service checks SHA-256 (64 digits)."
    if 0 < len(text) < 64 and actual.startswith(text):
        return "a shortened hash proves little: give all 64 digits."
    return "it does not match the SHA-256 of the model file's bytes: recompute it from the file."


def check_version(value: object, path: Path) -> str | None:
    meta = json.loads((path.parent / "metadata.json").read_text())
    if word(value) == word(meta["model_version"]):
        return None
    if word(value) == word(meta["model_name"]):
        return "that is the model's name; the version is the number the service reports, like 1.0.0."
    return f"the artifact you point at is version {meta['model_version']}, not {value!r}."


def check_libraries(value: object) -> str | None:
    if not isinstance(value, Mapping):
        return "give a dict from library name to its exact version, like {'scikit-learn': '1.5.2', ...}."
    missing = [name for name in model.LIBRARIES if name not in value]
    if missing:
        return f"{', '.join(missing)} missing: the model needs every one of {', '.join(model.LIBRARIES)} to load."
    for name in model.LIBRARIES:
        given, installed = value[name], importlib_metadata.version(name)
        if not isinstance(given, str) or not given.strip():
            return f"{name} has no version: a name alone cannot rebuild the same environment."
        if any(sign in given for sign in "<>=~^*,"):
            return f"{name} {given} is a range; a pin is one exact version, like {installed}."
        if given.strip() != installed:
            return f"the model was built with {name} {installed}, not {given}."
    return None


def _expected_types() -> dict[str, str]:
    """Each model input's type, read from the clean table's dtypes."""
    dtypes = load_clean()[list(model.FEATURES)].dtypes
    return {col: "integer" if dt.kind in "iu" else "number" if dt.kind == "f" else "category"
            for col, dt in dtypes.items()}


def check_schema(value: object, path: Path | None) -> str | None:
    if hasattr(value, "to_dict") and not isinstance(value, Mapping):
        value = value.to_dict()  # a Series of dtypes, as df.dtypes gives
    if not isinstance(value, Mapping):
        return "give a dict from each input column to its type ('integer', 'number' or 'category')."
    columns = list(model.FEATURES)
    if path is not None:
        try:
            # The columns the fitted model was trained on, read from the file itself.
            columns = list(model.load_artifact(path.parent).model.feature_names_in_)
        except model.ArtifactError as err:
            return f"the artifact does not load, so its inputs cannot be read: {err}"
    extra = [c for c in value if c not in columns]
    if model.TARGET in extra:
        return f"{model.TARGET} is what the model predicts: it is not an input the service receives."
    if "customerID" in extra:
        return "customerID is an identifier the model never uses: leave it out of the input schema."
    if extra:
        return f"{extra[0]!r} is not an input of the model."
    missing = [c for c in columns if c not in value]
    if missing:
        return f"{len(missing)} input(s) missing, such as {missing[0]}: the service must know every column."
    expected = _expected_types()
    for col in columns:
        given = value[col].get("type") if isinstance(value[col], Mapping) else value[col]
        kind = canonical(str(given), _TYPES)
        if kind != expected[col]:
            example = load_clean()[col].iloc[0]
            return (f"{col} holds values like {example!r}, so its type is {expected[col]!r}, not {given!r}; "
                    "the service refuses anything else.")
    return None
