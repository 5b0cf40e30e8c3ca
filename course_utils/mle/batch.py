"""Score a whole file of customers with Dask distributed: what ``course score`` runs, and lesson 22's last section.

The file (CSV or Parquet) is read in partitions of about ``partition_rows`` rows; each worker checks its
partition against the service's rules (``schemas.Customer``: categories, ranges, whole numbers),
scores it with the model's own pipeline and writes its part of the output. Memory stays bounded by
the partition size and the workers' ``memory_limit``, not by the file.

**The contract** (tested): the probabilities are the pipeline's ``predict_proba`` on the same rows;
a row that breaks a rule stops the run with ``BadRow`` naming the row (1-based, header excluded),
its customerID and the field, and nothing is left at the output path (parts are written to a temporary
folder beside it and moved into place only when every partition succeeded).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from course_utils.mle import model
from course_utils.mle.schemas import Customer

ID = "customerID"
OUTPUT_COLUMNS = (ID, "churn_probability", "model_version")


class BadRow(ValueError):
    """A row of the input breaks one of the service's rules."""


class BadInput(ValueError):
    """The input cannot be scored at all (unknown format, missing column); the message says why."""


def rules() -> dict[str, dict]:
    """Per feature, the JSON Schema rule the service applies (``enum``, or ``minimum``/``maximum``...)."""
    return Customer.model_json_schema()["properties"]


def first_problem(part: pd.DataFrame, rule: dict[str, dict]) -> tuple[int, str, str] | None:
    """(position in ``part``, field, reason) of the first value that breaks a rule, or None."""
    found = []
    for name, r in rule.items():
        column = part[name]
        if "enum" in r:
            bad = ~column.isin(r["enum"])
            reason = f"should be one of {', '.join(map(repr, r['enum']))}"
        else:
            values = pd.to_numeric(column, errors="coerce")
            bad = values.isna() | ~np.isfinite(values)
            bad |= values < r.get("minimum", -np.inf)
            bad |= values <= r.get("exclusiveMinimum", -np.inf)
            bad |= values > r.get("maximum", np.inf)
            if r.get("type") == "integer":
                bad |= values % 1 != 0
            low = f"from {r['minimum']}" if "minimum" in r else f"above {r['exclusiveMinimum']}"
            kind = "a whole number" if r.get("type") == "integer" else "a number"
            reason = f"should be {kind} {low} to {r['maximum']}"
        if bad.any():
            position = int(np.argmax(bad.to_numpy()))
            value = column.iloc[position]
            value = getattr(value, "item", lambda: value)()  # a numpy scalar as its plain Python value
            shown = repr(value) if "enum" in r else str(value)  # a number as the file has it, a category quoted
            found.append((position, name, f"{reason}, not {shown}"))
    return min(found) if found else None


def score_partition(part: pd.DataFrame, pipeline, version: str, rule: dict, offsets: list[int], partition_info=None):
    """One partition's ``OUTPUT_COLUMNS``; ``BadRow`` at its first broken rule (``offsets``: first row of each)."""
    missing = [c for c in (ID, *model.FEATURES) if c not in part.columns]
    if missing:
        raise BadInput(f"the input has no column {', '.join(missing)}")
    problem = first_problem(part[list(model.FEATURES)], rule) if len(part) else None
    if problem:
        position, field, reason = problem
        row = offsets[partition_info["number"] if partition_info else 0] + position + 1
        raise BadRow(f"row {row:,} (customerID {part[ID].iloc[position]}), field {field}: {reason}")
    features = part[list(model.FEATURES)].astype({n: float for n in model.NUMERIC})
    probabilities = pipeline.predict_proba(features)[:, 1] if len(part) else np.empty(0)
    return pd.DataFrame({ID: part[ID].astype(str).to_numpy(), "churn_probability": probabilities,
                         "model_version": version}, index=part.index)


def read(path: Path, partition_rows: int):
    """The input as a Dask DataFrame of about ``partition_rows`` rows per partition (CSV or Parquet), and
    the partitions' lengths when the file's metadata gives them (Parquet row groups), else None."""
    import dask.dataframe as dd

    if not path.exists():
        raise BadInput(f"{path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with open(path, "rb") as handle:  # bytes per row, from the first thousand rows: CSV splits by bytes
            head = [len(line) for _, line in zip(range(1001), handle)]
        per_row = max(1, sum(head[1:]) // max(1, len(head) - 1))
        return dd.read_csv(path, dtype={ID: str, **{c: object for c in model.FEATURES}},  # checked, then cast
                           blocksize=max(per_row * partition_rows, 1 << 16)), None
    if suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        if path.is_file():  # row groups no larger than a partition: one partition each, read by its worker
            meta = pq.ParquetFile(path).metadata
            groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
            if groups and max(groups) <= partition_rows:
                return dd.read_parquet(path, split_row_groups=True), groups
        rows = pq.ParquetDataset(path).read(columns=[ID]).num_rows if path.is_dir() else meta.num_rows
        return dd.read_parquet(path).repartition(npartitions=max(1, -(-rows // partition_rows))), None
    raise BadInput(f"{path.name} is neither .csv nor .parquet")


def local_cluster(workers: int = 2, memory_limit: str = "2GiB"):
    """A LocalCluster on 127.0.0.1: ``workers`` processes of one thread, each paused and restarted by Dask
    before it passes ``memory_limit``; no dashboard (it would need bokeh), and the scheduler's small HTTP
    server on a free port rather than 8787, so two clusters can run at once. Its workers' own
    log lines are silenced: a failed partition reaches the caller as its exception (``BadRow``)."""
    import logging

    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, memory_limit=memory_limit, processes=True,
                        host="127.0.0.1", dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                        silence_logs=logging.CRITICAL)


def score_file(client, source: Path, output: Path, partition_rows: int = 200_000, artifact_dir: Path | None = None,
               progress: bool = True) -> int:
    """Score ``source`` into ``output`` (.parquet: a Parquet folder; .csv: one file) on ``client``'s cluster.

    Returns the number of rows scored. ``BadRow`` or ``BadInput`` leave nothing at ``output``.
    """
    from dask.distributed import progress as show_progress

    source, output = Path(source), Path(output)
    kind = output.suffix.lower()
    if kind not in (".csv", ".parquet"):
        raise BadInput(f"the output {output.name} must end in .csv or .parquet")
    artifact = model.load_artifact(artifact_dir)
    frame, sizes = read(source, partition_rows)
    if sizes is None:  # a row's number = its partition's offset + its place in it: count them first
        sizes = frame.map_partitions(len).compute().tolist()
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int).tolist()
    meta = pd.DataFrame({ID: pd.Series(dtype=str), "churn_probability": pd.Series(dtype=float),
                         "model_version": pd.Series(dtype=str)})
    scored = frame.map_partitions(score_partition, artifact.model, artifact.version, rules(), offsets, meta=meta)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        target = staging / output.name
        if kind == ".parquet":
            job = scored.to_parquet(target, write_index=False, compute=False,  # zero-padded: read back in order
                                    name_function=lambda i: f"part.{i:05d}.parquet")
        else:
            job = scored.to_csv(target, single_file=True, index=False, compute=False)
        futures = client.compute(job)  # one future, or a list of them (to_csv's)
        futures = futures if isinstance(futures, list) else [futures]
        if progress:
            show_progress(futures)
        client.gather(futures)
        if output.exists():
            shutil.rmtree(output) if output.is_dir() else output.unlink()
        target.rename(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return int(sum(sizes))


def synthetic_customers(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` made-up customers, drawn with replacement from the clean table's rows, with fresh ids."""
    from course_utils.data import load_clean

    clean = load_clean()[list(model.FEATURES)]
    rng = np.random.default_rng(seed)
    rows = clean.iloc[rng.integers(0, len(clean), n)].reset_index(drop=True)
    rows.insert(0, ID, [f"SYN-{i:08d}" for i in range(n)])
    return rows
