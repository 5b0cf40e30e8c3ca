"""Does the fast scoring path keep its contract: the pipeline's probabilities, for every row the service accepts?"""

import numpy as np
import pandas as pd
import pytest

from course_utils.mle import fastpath
from course_utils.data import load_clean, load_production
from course_utils.mle.model import FEATURES, train


@pytest.fixture(scope="module")
def pipeline():
    return train()


@pytest.fixture(scope="module")
def rows():
    return pd.concat([load_clean(), load_production()], ignore_index=True)[list(FEATURES)]


def test_columns_give_the_pipeline_probabilities_on_every_known_row(pipeline, rows):
    scorer = fastpath.compile_pipeline(pipeline)
    expected = pipeline.predict_proba(rows)[:, 1]
    np.testing.assert_allclose(scorer.predict_columns(rows.to_dict("list")), expected, rtol=0, atol=1e-12)


def test_one_row_gives_the_pipeline_probability(pipeline, rows):
    scorer = fastpath.compile_pipeline(pipeline)
    sample = rows.sample(300, random_state=0)
    expected = pipeline.predict_proba(sample)[:, 1]
    got = [scorer.predict_one(r) for r in sample.to_dict("records")]
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_key_order_does_not_matter(pipeline, rows):
    scorer = fastpath.compile_pipeline(pipeline)
    row = rows.iloc[0].to_dict()
    assert scorer.predict_one(dict(reversed(list(row.items())))) == scorer.predict_one(row)


def test_an_unknown_category_scores_like_the_pipeline(pipeline, rows):
    """The service's schema allows PaymentMethod "Unknown"; a category the model never saw adds nothing."""
    scorer = fastpath.compile_pipeline(pipeline)
    odd = rows.head(5).assign(PaymentMethod="Unknown", InternetService="Satellite")
    expected = pipeline.predict_proba(odd)[:, 1]
    np.testing.assert_allclose(scorer.predict_columns(odd.to_dict("list")), expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose([scorer.predict_one(r) for r in odd.to_dict("records")], expected, rtol=0, atol=1e-12)


def test_extreme_but_valid_values_stay_probabilities(pipeline, rows):
    scorer = fastpath.compile_pipeline(pipeline)
    extreme = rows.head(2).assign(tenure=[0, 120], MonthlyCharges=[0.01, 1000.0], TotalCharges=[0.0, 100_000.0])
    expected = pipeline.predict_proba(extreme)[:, 1]
    got = scorer.predict_columns(extreme.to_dict("list"))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert ((got >= 0) & (got <= 1)).all()


@pytest.mark.parametrize("kind", ["gradient_boosting", "majority"])
def test_other_models_are_refused(kind):
    with pytest.raises(fastpath.UnsupportedPipeline):
        fastpath.compile_pipeline(train(load_clean().head(500), kind))


def test_a_bare_estimator_is_refused(pipeline):
    with pytest.raises(fastpath.UnsupportedPipeline):
        fastpath.compile_pipeline(pipeline.named_steps["model"])
