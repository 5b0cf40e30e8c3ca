"""``course serve`` and ``course score``: the churn model as a service, and over a whole file with Dask."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from course_tools.model_commands import fail as _fail


def cmd_serve(args: argparse.Namespace) -> int:
    """`course serve`: serve the artifact with one uvicorn worker until Ctrl+C; refuse a missing extra or artifact."""
    try:
        import uvicorn

        from course_utils.mle import serving
    except ModuleNotFoundError as exc:  # the base install trains models; serving is an extra
        return _fail(f"Cannot serve: {exc.name} is not installed; install the service's packages with "
                     "`pip install 'ds-vs-mle-course[serving]'`.")
    from course_utils.mle import model, observability

    try:
        if args.alias:
            from course_utils import tracking

            args.dir = tracking.served_dir(args.alias, args.store)
        # Refuse here, in one line, rather than in a start-up traceback.
        model.load_artifact(args.dir, public_key=args.public_key)
    except (model.ArtifactError, LookupError) as exc:
        return _fail(f"Cannot serve: {exc}")
    if args.public_key:  # the lifespan loads through model.load_artifact, which reads this; set only once serving
        from course_utils.mle.signing import PUBLIC_KEY_ENV

        os.environ[PUBLIC_KEY_ENV] = str(args.public_key.resolve())
    if args.prediction_log:
        try:
            args.prediction_log.parent.mkdir(parents=True, exist_ok=True)
            args.prediction_log.open("a").close()
        except OSError as exc:
            return _fail(f"Cannot serve: the prediction log {args.prediction_log} cannot be written ({exc.strerror}).")
    print(f"Serving the churn model on http://{args.host}:{args.port} (docs at /docs); Ctrl+C stops it.", flush=True)
    observability.log_to_stdout()  # one JSON line per request; uvicorn's own access log would repeat it as text
    uvicorn.run(serving.create_app(args.dir, prediction_log=args.prediction_log), host=args.host, port=args.port,
                workers=1, log_level="info", access_log=False)
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    """`course score INPUT OUTPUT`: score a CSV or Parquet file of customers with Dask; exit 1 on any refusal."""
    try:
        from dask.distributed import Client

        from course_utils.mle import batch, model
    except ModuleNotFoundError as exc:
        return _fail(f"Cannot score: {exc.name} is not installed; install the course's lab packages "
                     "(`make setup`).")
    if args.partition_rows < 1:
        return _fail("Cannot score: --partition-rows must be at least 1.")
    try:
        model.load_artifact(args.dir)
        if args.scheduler:
            try:
                client = Client(args.scheduler, timeout=args.timeout)
            except (OSError, TimeoutError) as exc:
                return _fail(f"Cannot score: no Dask scheduler answered at {args.scheduler} within "
                             f"{args.timeout:g} s ({exc.__class__.__name__}).")
            cluster = None
        else:
            cluster = batch.local_cluster(workers=args.workers, memory_limit=args.memory_limit)
            client = Client(cluster)
        try:
            rows = batch.score_file(client, args.input, args.output, partition_rows=args.partition_rows,
                                    artifact_dir=args.dir, progress=not args.quiet)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    except (model.ArtifactError, batch.BadInput, batch.BadRow) as exc:
        return _fail(f"Cannot score {args.input}: {exc}; nothing was written.")
    print(f"\nScored {rows:,} customers into {args.output}.")
    return 0


def add_parsers(sub) -> None:
    """Add ``serve`` and ``score`` to the ``course`` parser's subcommands."""
    p = sub.add_parser("serve", help="serve the churn model over HTTP with uvicorn",
                       description="Run the churn model service (course_utils/mle/serving.py) with one uvicorn worker. "
                                   "It listens on loopback only unless you choose another --host.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--dir", type=Path, default=None,
                   help="the artifact folder (default: build/churn-model in the course repository; required otherwise)")
    p.add_argument("--prediction-log", type=Path, default=None, metavar="FILE",
                   help="append one JSON line per scored customer, features included, to FILE (off by default: "
                        "it holds customer data)")
    p.add_argument("--alias", help="serve the registered model 'churn' this MLflow alias (e.g. champion) points at")
    p.add_argument("--store", type=Path, default=None, help="the MLflow store folder for --alias (default: build/mlflow)")
    p.add_argument("--public-key", type=Path, default=None,
                   help="refuse to start unless the artifact's signature verifies with this public key (PEM)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("score", help="score a CSV or Parquet file of customers with Dask",
                       description="Score every customer in INPUT with the churn model on a Dask cluster (a local "
                                   "one on 127.0.0.1 by default) and write customerID, churn_probability and "
                                   "model_version to OUTPUT (.parquet: a Parquet folder; .csv: one file).")
    p.add_argument("input", type=Path, help="the customers: a .csv file, or a .parquet file or folder")
    p.add_argument("output", type=Path, help="where to write the scores: a path ending in .parquet or .csv")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="an existing Dask scheduler, e.g. tcp://127.0.0.1:8786 (default: start a local cluster)")
    p.add_argument("--partition-rows", type=int, default=200_000, metavar="N",
                   help="rows per partition, the unit of work and of memory (default: 200,000)")
    p.add_argument("--workers", type=int, default=2, help="local cluster: worker processes (default: 2)")
    p.add_argument("--memory-limit", default="2GiB", help="local cluster: memory per worker (default: 2GiB)")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for --scheduler (default: 5)")
    p.add_argument("--dir", type=Path, default=None,
                   help="the artifact folder (default: build/churn-model in the course repository)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_score)
