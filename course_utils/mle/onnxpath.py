"""The churn pipeline converted to ONNX and scored by ONNX Runtime: a second runtime that is generated, not hand-written.

``convert`` turns the fitted scikit-learn pipeline (``ColumnTransformer``, scaler, one-hot encoder, logistic
regression) into an ONNX graph with skl2onnx: one input per feature, named like the feature, a string
tensor for each category and a float32 tensor for each number, each of shape ``[rows, 1]``. ``load`` opens
such a graph with ONNX Runtime and refuses, with ``OnnxModelError`` (one sentence), a graph whose inputs are
not exactly those; a service should call it at start-up and exit (or answer 503) on that error.

**The contract** (tested in ``tests/course_utils/mle/test_onnxpath.py``): for every row the service accepts,
``OnnxScorer`` gives the pipeline's ``predict_proba`` to within ``TOLERANCE``. ONNX Runtime computes in
float32 (about 7 significant digits), not float64 as scikit-learn does, so the bound is looser than the
fast path's 1e-12; the course measured about 1e-7 on its rows.
Like ``fastpath.LinearScorer`` it checks nothing itself: callers pass rows already validated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from course_utils.mle.model import CATEGORICAL, NUMERIC

TOLERANCE = 1e-5        # float32 inside the graph; measured about 1e-7, the bound leaves room for other CPUs
_STRING, _FLOAT = "tensor(string)", "tensor(float)"


class OnnxModelError(ValueError):
    """The ONNX model cannot be read, or its inputs or outputs are not the churn features and probabilities."""


def convert(pipeline, numeric: Sequence[str] = NUMERIC, categorical: Sequence[str] = CATEGORICAL) -> bytes:
    """The fitted ``pipeline`` as ONNX bytes: one ``[rows, 1]`` input per feature, output ``probabilities``."""
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType

    inputs = [(name, FloatTensorType([None, 1])) for name in numeric]
    inputs += [(name, StringTensorType([None, 1])) for name in categorical]
    # zipmap=False: probabilities as one [rows, 2] float tensor, not a list of dicts
    onnx_model = convert_sklearn(pipeline, initial_types=inputs, options={"zipmap": False})
    return onnx_model.SerializeToString()


class OnnxScorer:
    """Churn probabilities from an ONNX graph run by ONNX Runtime, equal to the pipeline's within ``TOLERANCE``."""

    def __init__(self, session, numeric: Sequence[str], categorical: Sequence[str]):
        self._session = session
        self._numeric, self._categorical = tuple(numeric), tuple(categorical)

    def predict_columns(self, columns: Mapping[str, Sequence]) -> np.ndarray:
        """Churn probabilities (float64) of many rows given column-wise, as ``{feature: [value, ...]}``."""
        feeds = {name: np.asarray(columns[name], dtype=np.float32).reshape(-1, 1) for name in self._numeric}
        feeds.update({name: np.asarray(columns[name], dtype=object).reshape(-1, 1) for name in self._categorical})
        return self._session.run(["probabilities"], feeds)[0][:, 1].astype(np.float64)

    def predict_one(self, row: Mapping) -> float:
        """The churn probability of one row given as ``{feature: value}``."""
        return float(self.predict_columns({name: [row[name]] for name in self._numeric + self._categorical})[0])


def load(model: bytes | Path, numeric: Sequence[str] = NUMERIC, categorical: Sequence[str] = CATEGORICAL) -> OnnxScorer:
    """An ``OnnxScorer`` for ONNX ``model`` (bytes or a file); ``OnnxModelError`` if its inputs do not match."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1   # one thread per worker: a service scales with workers, not threads
    options.log_severity_level = 3     # errors only: warnings would reach a learner's notebook output
    if isinstance(model, Path) and not model.is_file():
        raise OnnxModelError(f"the ONNX model cannot be loaded: there is no file {model}")
    try:
        source = str(model) if isinstance(model, Path) else model
        session = onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # ONNX Runtime raises its own exception types for unreadable or invalid graphs
        reason = str(exc).splitlines()[0].split(" : ")[-1].rstrip(".")   # drop "[ONNXRuntimeError] : 7 : CODE"
        raise OnnxModelError(f"the ONNX model cannot be loaded: {reason[:200]}") from None
    expected = {name: _FLOAT for name in numeric} | {name: _STRING for name in categorical}
    found = {i.name: i.type for i in session.get_inputs()}
    if found != expected:
        problems = {"missing": sorted(set(expected) - set(found)), "unexpected": sorted(set(found) - set(expected)),
                    "wrong type": sorted(n for n in set(found) & set(expected) if found[n] != expected[n])}
        listed = "; ".join(f"{kind}: {names}" for kind, names in problems.items() if names)
        raise OnnxModelError(f"the ONNX model's inputs do not match the churn features ({listed})")
    if "probabilities" not in {o.name for o in session.get_outputs()}:
        raise OnnxModelError("the ONNX model has no 'probabilities' output; convert it with zipmap=False")
    return OnnxScorer(session, numeric, categorical)
