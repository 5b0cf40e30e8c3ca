"""Does `course score` score a file on a local cluster, refuse a bad row or an unreachable scheduler in one
sentence with exit code 1, and write nothing partial?"""

import subprocess
import sys

import pandas as pd
import pytest

from course_utils.mle import batch, model
from course_utils.mle.bench import free_port


@pytest.fixture(scope="module")
def artifact_dir(tmp_path_factory):
    return model.build_artifact(tmp_path_factory.mktemp("score") / "churn-model")


def course(*args, timeout=240):
    return subprocess.run([sys.executable, "-m", "course_tools.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def test_score_writes_every_customer(artifact_dir, tmp_path):
    customers = batch.synthetic_customers(3_000, seed=5)
    customers.to_csv(tmp_path / "customers.csv", index=False)
    done = course("score", tmp_path / "customers.csv", tmp_path / "scores.parquet", "--partition-rows", 1_000,
                  "--dir", artifact_dir, "--workers", 1, "--memory-limit", "1GiB")
    assert done.returncode == 0, done.stderr
    assert "Scored 3,000 customers" in done.stdout
    got = pd.read_parquet(tmp_path / "scores.parquet")
    expected = model.load_artifact(artifact_dir).predict_proba(customers)
    assert got["customerID"].tolist() == customers["customerID"].tolist()
    assert (got["churn_probability"] - expected).abs().max() < 1e-15


def test_a_bad_row_is_one_sentence_exit_1_and_nothing_written(artifact_dir, tmp_path):
    customers = batch.synthetic_customers(50, seed=5)
    customers.loc[41, "InternetService"] = "Cable"
    customers.to_csv(tmp_path / "customers.csv", index=False)
    done = course("score", tmp_path / "customers.csv", tmp_path / "scores.csv", "--dir", artifact_dir,
                  "--workers", 1, "--quiet")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"Cannot score {tmp_path / 'customers.csv'}: row 42 (customerID {customers.customerID[41]}), field "
        "InternetService: should be one of 'DSL', 'Fiber optic', 'No', not 'Cable'; nothing was written."]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customers.csv"]


def test_a_scheduler_that_does_not_answer_is_one_sentence_and_exit_1(artifact_dir, tmp_path):
    batch.synthetic_customers(5).to_csv(tmp_path / "c.csv", index=False)
    address = f"tcp://127.0.0.1:{free_port()}"
    done = course("score", tmp_path / "c.csv", tmp_path / "s.csv", "--scheduler", address, "--timeout", 1,
                  "--dir", artifact_dir)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Cannot score: no Dask scheduler answered at {address} within 1 s (OSError)."]


def test_an_existing_cluster_is_used_when_named(artifact_dir, tmp_path):
    from dask.distributed import Client

    batch.synthetic_customers(200).to_parquet(tmp_path / "c.parquet")
    with batch.local_cluster(workers=1, memory_limit="1GiB") as cluster, Client(cluster) as client:
        done = course("score", tmp_path / "c.parquet", tmp_path / "s.csv", "--scheduler", cluster.scheduler_address,
                      "--dir", artifact_dir, "--quiet")
        assert done.returncode == 0, done.stderr
        assert len(client.scheduler_info()["workers"]) == 1
    assert len(pd.read_csv(tmp_path / "s.csv")) == 200
