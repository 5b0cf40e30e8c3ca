"""Does the ONNX Runtime path keep its contract: the pipeline's probabilities within TOLERANCE, and bad graphs refused?"""

import numpy as np
import pandas as pd
import pytest
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, Int64TensorType, StringTensorType
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from course_utils.data import load_clean, load_production
from course_utils.mle import onnxpath
from course_utils.mle.model import CATEGORICAL, FEATURES, NUMERIC, TARGET, make_pipeline, train


@pytest.fixture(scope="module")
def pipeline():
    return train()


@pytest.fixture(scope="module")
def scorer(pipeline):
    return onnxpath.load(onnxpath.convert(pipeline))


@pytest.fixture(scope="module")
def rows():
    return pd.concat([load_clean(), load_production()], ignore_index=True)[list(FEATURES)]


def test_the_tolerance_is_the_documented_float32_bound():
    assert onnxpath.TOLERANCE == 1e-5


def test_columns_agree_with_predict_proba_on_every_known_row(pipeline, scorer, rows):
    expected = pipeline.predict_proba(rows)[:, 1]
    got = scorer.predict_columns(rows.to_dict("list"))
    np.testing.assert_allclose(got, expected, rtol=0, atol=onnxpath.TOLERANCE)
    assert got.dtype == np.float64 and got.shape == expected.shape


def test_one_row_agrees_with_predict_proba(pipeline, scorer, rows):
    sample = rows.sample(100, random_state=1)
    got = [scorer.predict_one(r) for r in sample.to_dict("records")]
    np.testing.assert_allclose(got, pipeline.predict_proba(sample)[:, 1], rtol=0, atol=onnxpath.TOLERANCE)
    assert all(isinstance(p, float) for p in got)


def test_unknown_categories_and_extreme_values_agree(pipeline, scorer, rows):
    odd = rows.head(4).assign(PaymentMethod="Unknown", InternetService="Satellite",
                              tenure=[0, 120, 5, 60], MonthlyCharges=[0.01, 1000.0, 20.0, 80.0],
                              TotalCharges=[0.0, 100_000.0, 100.0, 4000.0])
    got = scorer.predict_columns(odd.to_dict("list"))
    np.testing.assert_allclose(got, pipeline.predict_proba(odd)[:, 1], rtol=0, atol=onnxpath.TOLERANCE)


def test_a_file_loads_like_bytes(tmp_path, pipeline, scorer, rows):
    path = tmp_path / "churn.onnx"
    path.write_bytes(onnxpath.convert(pipeline))
    columns = rows.head(50).to_dict("list")
    np.testing.assert_array_equal(onnxpath.load(path).predict_columns(columns), scorer.predict_columns(columns))


def _converted(pipeline, types):
    return convert_sklearn(pipeline, initial_types=types, options={"zipmap": False}).SerializeToString()


def _one_sentence(error: Exception) -> bool:
    text = str(error)
    return "\n" not in text and "Traceback" not in text and text.count(". ") == 0


def test_a_model_trained_without_a_feature_is_refused_in_one_sentence():
    df = load_clean().head(1500)
    categorical = tuple(c for c in CATEGORICAL if c != "Contract")
    pipe = make_pipeline().set_params(preprocess__transformers=[
        ("numeric", StandardScaler(), list(NUMERIC)),
        ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), list(categorical))])
    pipe.fit(df[list(NUMERIC + categorical)], df[TARGET])
    with pytest.raises(onnxpath.OnnxModelError, match=r"missing: \['Contract'\]") as caught:
        onnxpath.load(onnxpath.convert(pipe, NUMERIC, categorical))
    assert _one_sentence(caught.value)


def test_a_model_with_a_wrongly_typed_input_is_refused(pipeline):
    types = [(n, Int64TensorType([None, 1]) if n == "tenure" else FloatTensorType([None, 1])) for n in NUMERIC]
    types += [(n, StringTensorType([None, 1])) for n in CATEGORICAL]
    with pytest.raises(onnxpath.OnnxModelError, match=r"wrong type: \['tenure'\]") as caught:
        onnxpath.load(_converted(pipeline, types))
    assert _one_sentence(caught.value) and "missing" not in str(caught.value)


def test_a_model_that_expects_more_features_than_the_service_sends_is_refused(pipeline):
    with pytest.raises(onnxpath.OnnxModelError, match=r"unexpected: \['Contract'\]"):
        onnxpath.load(onnxpath.convert(pipeline), categorical=tuple(c for c in CATEGORICAL if c != "Contract"))


def test_a_model_without_a_probabilities_tensor_is_refused(pipeline):
    types = [(n, FloatTensorType([None, 1])) for n in NUMERIC] + [(n, StringTensorType([None, 1])) for n in CATEGORICAL]
    zipmapped = convert_sklearn(pipeline, initial_types=types).SerializeToString()   # probabilities as dicts
    with pytest.raises(onnxpath.OnnxModelError, match="zipmap=False") as caught:
        onnxpath.load(zipmapped)
    assert _one_sentence(caught.value)


@pytest.mark.parametrize("content", [b"", b"not an onnx model", b"\x08\x07" * 50])
def test_bytes_that_are_not_a_model_are_refused_in_one_sentence(content, tmp_path):
    with pytest.raises(onnxpath.OnnxModelError, match="cannot be loaded") as caught:
        onnxpath.load(content)
    assert "\n" not in str(caught.value)
    with pytest.raises(onnxpath.OnnxModelError, match="cannot be loaded"):
        onnxpath.load(tmp_path / "absent.onnx")
