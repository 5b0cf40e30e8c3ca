"""Does the side-by-side comparison score with all three paths and measure each one's difference honestly?"""

import numpy as np
import pytest

from course_utils.data import load_production
from course_utils.mle import onnxpath, runtimes
from course_utils.mle.model import FEATURES, train


@pytest.fixture(scope="module")
def pipeline():
    return train()


def test_each_path_scores_like_predict_proba_within_its_contract(pipeline):
    rows = load_production()[list(FEATURES)].head(300)
    expected = pipeline.predict_proba(rows)[:, 1]
    for name, (one, many) in runtimes.scorers(pipeline).items():
        bound = onnxpath.TOLERANCE if name == "ONNX Runtime" else 1e-12
        np.testing.assert_allclose(many(rows.to_dict("list")), expected, rtol=0, atol=bound, err_msg=name)
        np.testing.assert_allclose(one(rows.iloc[7].to_dict()), expected[7], rtol=0, atol=bound, err_msg=name)


def test_compare_reports_samples_and_the_largest_difference_of_each_path(pipeline):
    rows = load_production()[list(FEATURES)].head(200)
    results = runtimes.compare(pipeline, rows, n_one=3, n_batch=2, probe_rows=20)
    assert list(results) == list(runtimes.PATHS)
    for result in results.values():
        assert len(result["one_ms"]) == 3 and len(result["batch_ms"]) == 2
    assert results["scikit-learn pipeline"]["max_diff"] < 1e-12   # predict_proba on a rebuilt DataFrame
    assert 0 < results["ONNX Runtime"]["max_diff"] < onnxpath.TOLERANCE   # float32: not exact, within the bound
    assert results["folded fast path"]["max_diff"] < 1e-12
    lines = runtimes.table(results, len(rows))
    assert len(lines) == 4 and "200 rows p50" in lines[0]
    assert all(name in line for name, line in zip(runtimes.PATHS, lines[1:]))
