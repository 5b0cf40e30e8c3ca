"""The files of a model artifact: its model card, a reproducible skops zip, and atomic writes.

``course_utils.mle.model`` decides what goes into an artifact; this module only writes it out.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path


def model_card(meta: dict) -> str:
    m = meta["metrics"]
    return f"""# Model card: {meta['model_name']} {meta['model_version']}

**What it does.** Scores a telecom customer's probability of churning (leaving), from the
{len(meta['feature_schema'])} features of the customer table. Intended use: rank customers for a
retention call. Not for: pricing, credit or any decision about an individual without a human.

**Training data.** The course's synthetic clean churn table, {meta['training_rows']} customers
(SHA-256 {meta['training_data_sha256'][:12]}...). Synthetic: it says nothing about real people.

**Model.** A scikit-learn pipeline: scaled numbers and one-hot categories into a logistic regression.

**Evaluation.** On a stratified 20% held out from training ({m['rows']} customers, churn rate
{m['churn_rate']:.1%}): ROC AUC {m['roc_auc']:.3f}, average precision {m['average_precision']:.3f}.

**Limits.** Trained on one period: performance decays when prices, the contract mix or
competitors change (monitor drift; retrain on fresh labels). Probabilities are calibrated only for
the population it was trained on.

**Versions.** {', '.join(f'{k} {v}' for k, v in meta['library_versions'].items())}.
"""


def stable_zip(data: bytes) -> bytes:
    """The same skops zip, made reproducible: the same fitted model gives the same bytes and SHA-256.

    skops names objects and array files after ``id()`` (a memory address) and stamps zip
    entries with the current time; number the ids in order of appearance and fix the times.
    The fitted model itself is the same only on the same platform and library versions (see the
    module docstring), so that is where a rebuild gives the same bytes.
    """
    ids: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        new = ids.setdefault(match.group(2), str(len(ids) + 1))
        return f"{match.group(1)}{new}{match.group(3)}"

    id_pattern = re.compile(r'("__id__": |")(\d{6,})(\.npy"|\b)')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        schema = id_pattern.sub(renumber, src.read("schema.json").decode())
        entries = [("schema.json", schema.encode())]
        for info in src.infolist():
            if info.filename != "schema.json":
                stem, suffix = info.filename.split(".", 1)
                entries.append((f"{ids[stem]}.{suffix}", src.read(info)))
        for name, payload in sorted(entries):
            dst.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), payload)
    return out.getvalue()


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace ``path`` in one step, so a concurrent reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)
