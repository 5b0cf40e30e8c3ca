"""Production traffic for the monitoring lessons: the monthly batches of ``load_production()``, sent
through the real churn service so that what the lessons monitor comes back from its prediction log.

``send_monthly`` plays the caller, a nightly job that scores each month's new customers: it posts them
to ``/predict/batch`` in requests of ``rows_per_request`` and names each request with an
``X-Request-ID`` of its own, ``2026-03-02`` for March's second request. It keeps its own record of which
customer went where: the service never sees a customer id (its schema has only the model's features),
so that record is how a label that arrives weeks later finds its log line. ``match_sent`` makes the join.

A replay sends six months in about a second, so every log line's ``time`` is today: the month travels
in the caller's record instead. Against a live service you would group by ``time``.
"""

from __future__ import annotations

import pandas as pd

from course_utils.mle.model import FEATURES

ROWS_PER_REQUEST = 250


class TrafficError(RuntimeError):
    """The service refused a request of the replay (the message says which one and why)."""


def send_monthly(client, production: pd.DataFrame, rows_per_request: int = ROWS_PER_REQUEST,
                 month_col: str = "month") -> pd.DataFrame:
    """Score ``production`` month by month through ``client`` (an httpx or Starlette test client of the service).

    Returns the caller's record, one row per customer sent: ``request_id``, ``line`` (its position in
    that request), ``month`` and ``customerID``. Raises ``TrafficError`` on any answer but 200.
    """
    sent = []
    for month, batch in production.groupby(month_col, sort=True):
        for number, start in enumerate(range(0, len(batch), rows_per_request), start=1):
            chunk = batch.iloc[start:start + rows_per_request]
            request_id = f"{month}-{number:02d}"
            response = client.post("/predict/batch", json=chunk[list(FEATURES)].to_dict("list"),
                                   headers={"X-Request-ID": request_id})
            if response.status_code != 200:
                raise TrafficError(f"The service answered {response.status_code} to request {request_id}: "
                                   f"{response.text[:300]}")
            sent.append(pd.DataFrame({"request_id": request_id, "line": range(len(chunk)), "month": month,
                                      "customerID": chunk["customerID"].to_numpy()}))
    return pd.concat(sent, ignore_index=True)


def match_sent(log: pd.DataFrame, sent: pd.DataFrame) -> pd.DataFrame:
    """``log`` (from ``observability.read_prediction_log``) with each line's ``month`` and ``customerID``
    from the caller's record ``sent``, matched on request id and position within the request.

    The service writes a request's lines together and in order, so the n-th line of a request id is the
    n-th customer sent with it. A log line the record does not know, or the other way round, is an error.
    """
    keys = ["request_id", "line"]
    logged = log.join(log.groupby("request_id", sort=False).cumcount().rename("line"))
    matched = logged.merge(sent, on=keys, how="left", validate="one_to_one", indicator=True)
    strays = matched[matched["_merge"] == "left_only"]
    unlogged = sent.merge(logged[keys], on=keys, how="left", indicator=True).query("_merge == 'left_only'")
    for rows, what in ((strays, "log lines the caller's record does not know"),
                       (unlogged, "customers sent that have no log line")):
        if len(rows):
            raise TrafficError(f"{len(rows)} {what}, the first at request {rows['request_id'].iloc[0]}, "
                               f"position {int(rows['line'].iloc[0])}.")
    return matched.drop(columns=["line", "_merge"])
