"""Does the fast scoring path keep its contract: the pipeline's probabilities, for every row the service accepts?"""

import numpy as np
import pandas as pd
import pytest

from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder

from course_utils.mle import fastpath
from course_utils.data import load_clean, load_production
from course_utils.mle.model import CATEGORICAL, FEATURES, NUMERIC, TARGET, train


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


# Shapes the fast path cannot fold exactly: each must be refused, never served with wrong scores.
# (Measured before the refusals: an integer-coded category was off by 0.127, max_categories by 0.61.)
def _fit(numeric_step, categorical_step, numeric=NUMERIC, categorical=CATEGORICAL, model=None, df=None):
    df = load_clean().head(1500) if df is None else df
    preprocess = ColumnTransformer([("numeric", numeric_step, list(numeric)),
                                    ("categorical", categorical_step, list(categorical))])
    pipe = Pipeline([("preprocess", preprocess), ("model", model or LogisticRegression(max_iter=1000))])
    return pipe.fit(df[list(numeric) + list(categorical)], df[TARGET])


@pytest.mark.parametrize("encoder", [
    OneHotEncoder(handle_unknown="ignore", max_categories=3),
    OneHotEncoder(handle_unknown="ignore", min_frequency=50),
    OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=0.05),
    OneHotEncoder(handle_unknown="ignore", drop="first"),
    OneHotEncoder(handle_unknown="error"),
], ids=["max_categories", "min_frequency", "infrequent_if_exist", "drop", "unknown_error"])
def test_one_hot_shapes_it_cannot_fold_are_refused(encoder):
    with pytest.raises(fastpath.UnsupportedPipeline, match="OneHotEncoder"):
        fastpath.compile_pipeline(_fit(StandardScaler(), encoder))


def test_an_integer_coded_category_is_refused():
    """SeniorCitizen one-hot encoded as 0/1: the categories are numbers, which a string look-up never matches."""
    pipe = _fit(StandardScaler(), OneHotEncoder(handle_unknown="ignore"),
                numeric=("tenure", "MonthlyCharges"), categorical=("SeniorCitizen", "Contract"))
    with pytest.raises(fastpath.UnsupportedPipeline, match="not all strings"):
        fastpath.compile_pipeline(pipe)


@pytest.mark.parametrize("encoder", [OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1),
                                     TargetEncoder()], ids=["ordinal", "target"])
def test_other_encoders_are_refused(encoder):
    with pytest.raises(fastpath.UnsupportedPipeline, match=type(encoder).__name__):
        fastpath.compile_pipeline(_fit(StandardScaler(), encoder))


def test_other_numeric_transformers_and_linear_models_are_refused():
    with pytest.raises(fastpath.UnsupportedPipeline, match="MinMaxScaler"):
        fastpath.compile_pipeline(_fit(MinMaxScaler(), OneHotEncoder(handle_unknown="ignore")))
    with pytest.raises(fastpath.UnsupportedPipeline, match="LogisticRegression"):
        fastpath.compile_pipeline(_fit(StandardScaler(), OneHotEncoder(handle_unknown="ignore"),
                                       model=SGDClassifier(loss="log_loss", random_state=0)))


def test_columns_chosen_by_position_or_a_pipeline_fitted_on_arrays_are_refused():
    df = load_clean().head(1500)
    by_position = ColumnTransformer([("numeric", StandardScaler(), [0, 1])])
    pipe = Pipeline([("preprocess", by_position), ("model", LogisticRegression())])
    with pytest.raises(fastpath.UnsupportedPipeline, match="DataFrame"):
        fastpath.compile_pipeline(pipe.fit(df[["tenure", "MonthlyCharges"]].to_numpy(), df[TARGET]))
    with pytest.raises(fastpath.UnsupportedPipeline, match="position"):
        fastpath.compile_pipeline(pipe.fit(df[["tenure", "MonthlyCharges"]], df[TARGET]))


def test_a_shape_it_misreads_fails_the_self_check():
    """tenure in two scalers: the fold keeps only one weight for it, so its scores are wrong and it must say so."""
    df = load_clean().head(1500)
    preprocess = ColumnTransformer([("a", StandardScaler(), ["tenure"]), ("b", StandardScaler(), ["tenure"]),
                                    ("categorical", OneHotEncoder(handle_unknown="ignore"), ["Contract"])])
    pipe = Pipeline([("preprocess", preprocess), ("model", LogisticRegression())]).fit(df[["tenure", "Contract"]],
                                                                                       df[TARGET])
    with pytest.raises(fastpath.UnsupportedPipeline, match="probe rows"):
        fastpath.compile_pipeline(pipe)


def test_a_sparse_one_hot_and_a_dropped_column_still_fold_exactly(rows):
    """Honestly different shapes that do fold: sparse one-hot output, and a feature the ColumnTransformer drops."""
    pipe = _fit(StandardScaler(), OneHotEncoder(handle_unknown="ignore", sparse_output=True), numeric=NUMERIC[1:])
    scorer = fastpath.compile_pipeline(pipe)
    expected = pipe.predict_proba(rows[list(NUMERIC[1:] + CATEGORICAL)])[:, 1]
    np.testing.assert_allclose(scorer.predict_columns(rows.to_dict("list")), expected, rtol=0, atol=1e-12)
