"""Grading a learner's DuckDB query: run it on the clean table and say what is wrong in one sentence."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from course_utils.checks import PROPORTION, NotAttempted
from course_utils.data import load_clean


def _expected_by_contract() -> dict[str, float]:
    return load_clean().groupby("Contract")["Churn"].mean().to_dict()


def sql_error(exc: Exception) -> str:
    """The learner's SQL error in one sentence, with its likely cause."""
    import duckdb

    first_line = str(exc).splitlines()[0].rstrip(".!")
    if isinstance(exc, duckdb.CatalogException) and "Table" in first_line:
        cause = "The query names a table that does not exist here: the table is called clean."
    elif isinstance(exc, duckdb.BinderException) and "GROUP BY" in first_line:
        cause = ("Every column you select must be in the GROUP BY or inside an aggregate: "
                 "SELECT Contract, AVG(Churn) ... GROUP BY Contract.")
    elif isinstance(exc, duckdb.BinderException) and "not found" in first_line:
        cause = "A column name is misspelled or does not exist: the columns you need are Contract and Churn."
    elif isinstance(exc, duckdb.BinderException) and "No function matches" in first_line:
        cause = "That function cannot take that column: average the 0/1 Churn column, AVG(Churn)."
    elif isinstance(exc, duckdb.ParserException):
        cause = "That is a syntax error: check the spelling and order of SELECT, FROM and GROUP BY."
    else:
        cause = "Try the query with duckdb.sql(query).df() to see what it does."
    return f"DuckDB could not run the query: {first_line}. {cause}"


def grade_churn_by_contract(query) -> str | None:
    """``None`` if ``query``, run on the clean table registered as ``clean``, returns each Contract and its
    churn rate (columns in either order); else the likely cause in a sentence. ``NotAttempted`` if blank."""
    import duckdb

    if not isinstance(query, str):
        return f"Expected the query as text (a str), but got {type(query).__name__}."
    if not query.strip():
        raise NotAttempted
    clean = load_clean()
    con = duckdb.connect()
    con.register("clean", clean)
    try:
        result = con.execute(query).df()
    except duckdb.Error as exc:
        return sql_error(exc)
    finally:
        con.close()
    if result.shape[1] != 2:
        return (f"The query returns {result.shape[1]} columns; return two: the contract and its churn rate "
                "(SELECT Contract, AVG(Churn) AS churn_rate ...).")
    # Columns may come in either order: the contract is the text column, the rate the numeric one.
    numeric = [pd.api.types.is_numeric_dtype(result[c]) for c in result.columns]
    if sorted(numeric) != [False, True]:
        return "Return the contract (text) and its churn rate (a number): one column of each."
    rate, contract = (result.iloc[:, i] for i in ((0, 1) if numeric[0] else (1, 0)))
    expected = _expected_by_contract()
    if contract.duplicated().any():
        return "Some contracts appear on several rows: group by Contract alone, so each has one row."
    got = {str(k): float(v) for k, v in zip(contract, rate)}
    if set(got) != set(expected):
        return f"Expected one row per contract type ({', '.join(sorted(expected))}); got {sorted(got)}. GROUP BY Contract."

    def all_like(value: Callable[[float], float]) -> bool:
        return all(PROPORTION.accepts(got[k], value(v)) for k, v in expected.items())

    if all_like(lambda v: v):
        return None
    if all(PROPORTION.accepts(got[k] / 100, v) for k, v in expected.items()):
        return "Those are percentages. Keep the rate as a fraction between 0 and 1 (drop the * 100)."
    if all_like(lambda v: 1 - v):
        return "Those are the shares of customers who stayed. The churn rate is the average of Churn itself."
    if all(v == 1 for v in got.values()):
        cause = ("your WHERE keeps only the churners" if re.search(r"\bwhere\b", query, re.IGNORECASE)
                 else "COUNT(Churn) counts every row, the 0s too")
        return f"Every rate is 1: {cause}. The rate is AVG(Churn) over all of a contract's rows."
    if all(v > 1 for v in got.values()):
        return "Those look like counts. A rate is the average of the 0/1 Churn column: AVG(Churn)."
    if all(PROPORTION.accepts(got[k], v) or PROPORTION.rounded_too_far(got[k], v) for k, v in expected.items()):
        return PROPORTION.too_far_message()
    return "The contracts are right but the rates are not. The rate is AVG(Churn) over each contract's rows."
