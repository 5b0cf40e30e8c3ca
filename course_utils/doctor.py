"""``course doctor``: is this environment ready for the course? Each check says what is
wrong and how to fix it. It checks the learner's set only (``requirements.lock``, for this
platform): tools a learner does not need, and packages Binder or a hub bring, are not its business."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from course_utils.lock import normalise, pins_for, read_lock
from course_utils.paths import BUILD_DIR, LOCK_FILE, STATE_ENV, shown, writable

FIX_SETUP = ("run `make setup` from the course folder (it reinstalls from requirements.lock); on Binder or a "
             "JupyterHub, tell whoever maintains the image")


@dataclass(frozen=True)
class Finding:
    """One check: ``ok`` or not, what was found, and how to fix it when not ok."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        line = f"[{mark}] {self.name}: {self.detail}"
        return line if self.ok else f"{line}\n       fix: {self.fix}"


def check_python(version: tuple[int, int] = sys.version_info[:2]) -> Finding:
    shown = f"Python {version[0]}.{version[1]}"
    if tuple(version) == (3, 11):
        return Finding("python", True, shown)
    return Finding("python", False, f"{shown}, but the course is pinned to Python 3.11",
                   "install Python 3.11 and run `make PYTHON=python3.11 setup`")


def installed_versions() -> dict[str, str]:
    """``{name: version}`` of what ``import`` would find: the first distribution of a name on ``sys.path``.

    Later ones are shadowed copies, such as those setuptools vendors and puts on ``sys.path`` when imported.
    """
    versions: dict[str, str] = {}
    for dist in metadata.distributions():
        if dist.metadata["Name"]:
            versions.setdefault(normalise(dist.metadata["Name"]), dist.version)
    return versions


def check_pins(pins: dict[str, str], installed: dict[str, str]) -> Finding:
    """Every pin of the learner's set must be installed at its version; other packages are not looked at."""
    missing = sorted(n for n in pins if n not in installed)
    wrong = sorted(f"{n} {installed[n]} (lock: {v})" for n, v in pins.items() if n in installed and installed[n] != v)
    if not missing and not wrong:
        return Finding("packages", True, "every course package matches requirements.lock")
    parts = []
    if missing:
        parts.append(f"{len(missing)} missing: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
    if wrong:
        parts.append(f"{len(wrong)} at other versions: {', '.join(wrong[:5])}{' ...' if len(wrong) > 5 else ''}")
    return Finding("packages", False, "; ".join(parts), FIX_SETUP)


def check_kernel(executable: str = sys.executable) -> Finding:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Finding("kernel", False, "no Jupyter kernel named python3 is registered",
                       "run `python -m ipykernel install --sys-prefix --name python3` (make setup does this)")
    target = spec.argv[0] if spec.argv else ""
    if target in ("python", "python3") or Path(target).resolve() == Path(executable).resolve():
        return Finding("kernel", True, "python3 kernel runs this environment's Python")
    return Finding("kernel", False, f"the python3 kernel runs {target}, not this environment's Python",
                   "run `python -m ipykernel install --sys-prefix --name python3` from the course venv")


def check_widgets() -> Finding:
    from jupyter_core.paths import jupyter_path

    try:
        ipywidgets = metadata.version("ipywidgets")
        lab_widgets = metadata.version("jupyterlab_widgets")
    except metadata.PackageNotFoundError as exc:
        return Finding("widgets", False, f"{exc.name} is not installed", FIX_SETUP)
    found = any(Path(p, "@jupyter-widgets", "jupyterlab-manager").is_dir() for p in jupyter_path("labextensions"))
    if not found:
        return Finding("widgets", False, "the JupyterLab widget extension is not where JupyterLab looks for it",
                       FIX_SETUP)
    if ipywidgets.split(".")[0] != "8" or lab_widgets.split(".")[0] != "3":
        return Finding("widgets", False, f"ipywidgets {ipywidgets} with jupyterlab_widgets {lab_widgets} do not match",
                       FIX_SETUP)
    return Finding("widgets", True, f"ipywidgets {ipywidgets} with its JupyterLab extension {lab_widgets}")


def check_files(folder: Path = BUILD_DIR) -> Finding:
    """Whether the course can write what it rebuilds (the model artifact, signing keys, the MLflow store)."""
    if writable(folder):
        return Finding("files", True, f"rebuilt files go to {shown(folder)}")
    return Finding("files", False, f"the course cannot write to {shown(folder)}",
                   f"set {STATE_ENV} to a folder of yours, such as ~/.local/state/ds-vs-mle-course")


def run_checks() -> list[Finding]:
    pins = pins_for(read_lock(LOCK_FILE))
    return [check_python(), check_pins(pins, installed_versions()), check_kernel(), check_widgets(), check_files()]


def report(findings: list[Finding]) -> str:
    lines = [str(f) for f in findings]
    bad = sum(not f.ok for f in findings)
    lines.append("All checks passed: you are ready." if not bad else f"{bad} check(s) failed: see the fixes above.")
    return "\n".join(lines)
