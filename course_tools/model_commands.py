"""``course model build``: the model artifact and its signature."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CLEAN_CSV_HINT = "the clean churn CSV, data/telco_churn_clean.csv in the course repository"


def fail(message: str) -> int:
    """Print a one-sentence error to stderr and return the exit code of a failed command."""
    print(message, file=sys.stderr)
    return 1


def cmd_model_build(args: argparse.Namespace) -> int:
    """`course model build`: train on the clean table and write the artifact folder; refuse bad input in one line."""
    from course_utils import data
    from course_utils.mle import model
    from course_utils.paths import CHECKOUT

    try:
        directory = model.resolve_dir(args.dir)
    except model.ArtifactError as exc:
        return fail(f"Cannot build the model: {exc}")
    source = args.data or data.data_path(data.CLEAN_FILE)
    if not source.is_file():
        # A checkout can regenerate its data; an installed package ships none.
        fix = "run `course data` to rebuild it, or pass --data FILE" if args.data is None and CHECKOUT else \
            f"pass --data with {CLEAN_CSV_HINT}"
        return fail(f"Cannot build the model: no data file at {source}; {fix}.")
    try:
        df = data.load_clean(source)
    except (data.DataFileError, OSError) as exc:
        return fail(f"Cannot build the model: {exc}")
    missing = [name for name in (*model.FEATURES, model.TARGET) if name not in df.columns]
    if missing:
        names = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        return fail(f"Cannot build the model: {source} lacks the columns {names}; pass --data with {CLEAN_CSV_HINT}.")
    try:
        directory = model.build_artifact(directory, df)
    except OSError as exc:
        return fail(f"Cannot build the model: cannot write to {directory} ({exc.strerror}); "
                     "pass a --dir you can write to.")
    except ValueError as exc:  # the columns are there but their values are not the clean table's
        return fail(f"Cannot build the model: training on {source} failed ({exc.__class__.__name__}); "
                     f"pass --data with {CLEAN_CSV_HINT}.")
    meta = model.read_metadata(directory)
    print(f"Built {meta['model_name']} {meta['model_version']} in {directory}")
    print(f"SHA-256 {meta['artifact_sha256']}; held-out ROC AUC {meta['metrics']['roc_auc']:.3f}")
    return _sign(directory, args.key) if args.key or CHECKOUT else 0


def _sign(directory: Path, key: Path | None) -> int:
    """Sign the new artifact with ``key``, or with build/keys/private.pem (created on first use)."""
    from course_utils.mle import signing

    try:
        private = key or signing.ensure_keys()[0]
        signing.sign(directory, private)
    except ModuleNotFoundError as exc:
        if key:
            return fail(f"Built the model, but cannot sign it: {exc.name} is not installed (the serving extra).")
        print(f"Not signed: {exc.name} is not installed (it comes with the serving extra).")
        return 0
    except Exception as exc:  # a missing, unreadable or wrong-format key: one sentence, never a traceback
        return fail(f"Built the model, but cannot sign it with {key or signing.KEY_DIR / 'private.pem'} "
                    f"({exc.__class__.__name__}); pass --key with an EC private key in PEM format.")
    public = "its public key" if key else signing.KEY_DIR / "public.pem"
    print(f"Signed {directory / signing.SIGNATURE}; the service verifies it with {public} when "
          f"{signing.PUBLIC_KEY_ENV} (or course serve --public-key) names it.")
    return 0


def add_parsers(sub) -> None:
    """Add the ``model`` subcommand to the ``course`` parser."""
    p = sub.add_parser("model", help="build the churn model artifact",
                       description="Work with the churn model artifact (cached in build/, never committed).")
    model_sub = p.add_subparsers(dest="model_command", required=True, metavar="ACTION")
    b = model_sub.add_parser("build", help="train the model and write the artifact folder",
                             description="Train the churn model and write model.skops, metadata.json and "
                                         "MODEL_CARD.md.")
    b.add_argument("--dir", type=Path, default=None,
                   help="where to write it (default: build/churn-model in the course repository; required otherwise)")
    b.add_argument("--data", type=Path, default=None,
                   help="the clean churn CSV to train on (default: data/telco_churn_clean.csv in the course "
                        "repository)")
    b.add_argument("--key", type=Path, default=None,
                   help="the EC private key (PEM) to sign with (default: build/keys/private.pem, created on first use)")
    b.set_defaults(func=cmd_model_build)
