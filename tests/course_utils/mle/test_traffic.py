"""Does a replay of production through the real service come back from its prediction log, each line
matched to the customer and month it was sent for?"""

import pandas as pd
import pytest

from course_utils.data import load_production
from course_utils.mle import model, observability, serving, traffic
from course_utils.mle.testclient import TestClient


@pytest.fixture(scope="module")
def artifact_dir(tmp_path_factory):
    return model.build_artifact(tmp_path_factory.mktemp("traffic") / "churn-model")


@pytest.fixture(scope="module")
def production():
    """Five customers of January and three of February, in a shuffled order."""
    frame = load_production()
    picked = pd.concat([frame[frame["month"] == "2026-01"].head(5), frame[frame["month"] == "2026-02"].head(3)])
    return picked.sample(frac=1, random_state=1)


@pytest.fixture(scope="module")
def replay(artifact_dir, production, tmp_path_factory):
    path = tmp_path_factory.mktemp("replay") / "predictions.jsonl"
    with TestClient(serving.create_app(artifact_dir, prediction_log=path)) as client:
        sent = traffic.send_monthly(client, production, rows_per_request=2)
    return sent, observability.read_prediction_log(path)


def test_each_month_is_sent_in_requests_named_after_it(replay, production):
    sent, log = replay
    assert log["request_id"].value_counts().sort_index().to_dict() == {
        "2026-01-01": 2, "2026-01-02": 2, "2026-01-03": 1, "2026-02-01": 2, "2026-02-02": 1}
    assert sent["line"].tolist() == [0, 1, 0, 1, 0, 0, 1, 0]
    assert sorted(sent["customerID"]) == sorted(production["customerID"])


def test_every_log_line_finds_the_customer_it_scored(replay, production):
    """After match_sent, are each line's features those of the customer the record names?"""
    sent, log = replay
    matched = traffic.match_sent(log, sent)
    assert len(matched) == len(production) and matched["request_id"].tolist() == log["request_id"].tolist()
    truth = production.set_index("customerID").loc[matched["customerID"]].reset_index()
    pd.testing.assert_frame_equal(matched[list(model.FEATURES) + ["month"]],
                                  truth[list(model.FEATURES) + ["month"]], check_dtype=False)


def test_a_log_line_the_record_does_not_know_is_an_error(replay):
    sent, log = replay
    with pytest.raises(traffic.TrafficError, match="1 log lines the caller's record does not know, the first at "
                                                    "request 2026-02-02, position 0"):
        traffic.match_sent(log, sent.iloc[:-1])


def test_a_customer_without_a_log_line_is_an_error(replay):
    sent, log = replay
    with pytest.raises(traffic.TrafficError, match="1 customers sent that have no log line, the first at "
                                                    "request 2026-01-03, position 0"):
        traffic.match_sent(log[log["request_id"] != "2026-01-03"], sent)


def test_a_refused_request_stops_the_replay_and_is_named(artifact_dir, production):
    broken = production.assign(tenure=-1)
    with (TestClient(serving.create_app(artifact_dir)) as client,
          pytest.raises(traffic.TrafficError, match=r"answered 422 to request 2026-01-01: .*tenure")):
        traffic.send_monthly(client, broken)
