"""Does batch scoring on a local Dask cluster give exactly the in-process probabilities, name a bad row,
and leave nothing behind when it refuses?"""

import numpy as np
import pandas as pd
import pytest

from course_utils.mle import batch, model


@pytest.fixture(scope="module")
def artifact_dir(tmp_path_factory):
    return model.build_artifact(tmp_path_factory.mktemp("batch") / "churn-model")


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client

    with batch.local_cluster(workers=2, memory_limit="1GiB") as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def customers():
    return batch.synthetic_customers(12_345, seed=3)


@pytest.mark.parametrize("source, output", [("in.csv", "out.parquet"), ("in.parquet", "out.csv")])
def test_scores_are_the_in_process_probabilities_to_the_last_bit(client, customers, artifact_dir, tmp_path, source, output):
    customers.to_csv(tmp_path / "in.csv", index=False)
    customers.to_parquet(tmp_path / "in.parquet")
    rows = batch.score_file(client, tmp_path / source, tmp_path / output, partition_rows=2_000,
                            artifact_dir=artifact_dir, progress=False)
    got = pd.read_parquet(tmp_path / output) if output.endswith("parquet") else pd.read_csv(tmp_path / output)
    expected = model.load_artifact(artifact_dir).predict_proba(customers)
    assert rows == len(customers) and list(got.columns) == list(batch.OUTPUT_COLUMNS)
    assert got["customerID"].tolist() == customers["customerID"].tolist()
    # The same pipeline on the same values; a partition's matrix product may round the last bit differently
    # from the whole frame's (measured: 2 rows in 12,345 differed by 1 unit in the last place), never more.
    np.testing.assert_allclose(got["churn_probability"].to_numpy(), expected, rtol=1e-15, atol=0)
    assert set(got["model_version"]) == {"1.0.0"}


@pytest.mark.parametrize("row, field, value, words", [
    (7_001, "tenure", -3, "tenure: should be a whole number from 0 to 120, not -3"),
    (1, "Contract", "Weekly", "Contract: should be one of 'Month-to-month', 'One year', 'Two year', not 'Weekly'"),
    (12_345, "MonthlyCharges", 0.0, "MonthlyCharges: should be a number above 0 to 1000, not 0.0"),
    (4_000, "SeniorCitizen", 0.5, "SeniorCitizen: should be a whole number from 0 to 1, not 0.5"),
])
def test_a_bad_row_is_named_and_nothing_is_written(client, customers, artifact_dir, tmp_path, row, field, value, words):
    bad = customers.copy()
    bad[field] = bad[field].astype(object)
    bad.loc[row - 1, field] = value
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(batch.BadRow) as caught:
        batch.score_file(client, tmp_path / "bad.csv", tmp_path / "scores.parquet", partition_rows=2_000,
                         artifact_dir=artifact_dir, progress=False)
    assert str(caught.value) == f"row {row:,} (customerID {customers.customerID[row - 1]}), field {words}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_a_missing_column_is_named(client, customers, artifact_dir, tmp_path):
    customers.drop(columns=["tenure"]).to_parquet(tmp_path / "in.parquet")
    with pytest.raises(batch.BadInput, match="the input has no column tenure"):
        batch.score_file(client, tmp_path / "in.parquet", tmp_path / "out.csv", artifact_dir=artifact_dir,
                         progress=False)
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("source, output, words", [("in.json", "out.csv", "neither .csv nor .parquet"),
                                                   ("in.csv", "out.txt", "must end in .csv or .parquet"),
                                                   ("nothing.csv", "out.csv", "does not exist")])
def test_unusable_paths_are_refused(client, customers, artifact_dir, tmp_path, source, output, words):
    customers.head(3).to_csv(tmp_path / "in.csv", index=False)
    (tmp_path / "in.json").write_text("{}")
    with pytest.raises(batch.BadInput, match=words):
        batch.score_file(client, tmp_path / source, tmp_path / output, artifact_dir=artifact_dir, progress=False)


def test_synthetic_customers_are_drawn_from_the_clean_table():
    from course_utils.data import load_clean

    made = batch.synthetic_customers(1_000, seed=1)
    assert made["customerID"].is_unique and len(made) == 1_000
    clean = load_clean()[list(model.FEATURES)]
    assert made[list(model.FEATURES)].merge(clean.drop_duplicates(), how="left", indicator=True)["_merge"].eq("both").all()
    pd.testing.assert_frame_equal(made, batch.synthetic_customers(1_000, seed=1))


def test_parquet_row_groups_become_partitions_and_rows_keep_their_numbers(client, customers, artifact_dir, tmp_path):
    bad = customers.copy()
    bad.loc[9_876, "PaymentMethod"] = "Cash"
    bad.to_parquet(tmp_path / "in.parquet", row_group_size=1_000)  # 13 row groups, each under a partition
    with pytest.raises(batch.BadRow, match=r"^row 9,877 \(customerID SYN-00009876\), field PaymentMethod"):
        batch.score_file(client, tmp_path / "in.parquet", tmp_path / "out.parquet", partition_rows=2_000,
                         artifact_dir=artifact_dir, progress=False)
    customers.to_parquet(tmp_path / "good.parquet", row_group_size=1_000)
    assert batch.score_file(client, tmp_path / "good.parquet", tmp_path / "out.parquet", partition_rows=2_000,
                            artifact_dir=artifact_dir, progress=False) == len(customers)
    got = pd.read_parquet(tmp_path / "out.parquet")
    assert got["customerID"].tolist() == customers["customerID"].tolist()
