"""``make sizing`` (``python -m course_tools.bench_hub``): memory and CPU per user server, from running every lesson.

Each lesson and solution notebook runs top to bottom in a fresh ipykernel process (nbclient, as a learner's
server would run it), in a temporary copy of the course whose progress file, MLflow store and signing keys
are temporary too: the learner's progress, the repository's ``build/`` and ``exercises/`` are never touched.
A thread samples the kernel and all its descendants (Dask workers, uvicorn) every 75 ms and keeps the peak
of the tree's total memory; CPU seconds (user + system, children included) and wall time are taken per
notebook and per cell. An idle ``jupyter server`` on 127.0.0.1 gives the single-user server's own share.
It prints figures and a sizing rule derived from them (``course_tools.bench_hub_report``); it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from course_tools.bench_hub_report import Run, report
from course_utils.paths import ROOT

INTERVAL_S = 0.075
# Never copied into the temporary course: the environment, git, build output and the learner's exercises.
NOT_COPIED = (".venv", ".git", "build", "exercises", "test-artifacts", "__pycache__", "*.egg-info")


@dataclass
class Sample:
    """One reading of a process tree: seconds since the sampler started, CPU seconds and bytes in use."""

    t: float
    cpu: float
    rss: int
    pss: int
    uss: int
    processes: int


def read_tree(pid: int) -> Sample:
    """The tree rooted at ``pid`` now: CPU seconds of every live process plus the children each has reaped,
    and summed RSS, PSS and USS (PSS shares a page among the processes mapping it, so its sum is the fair
    total; RSS counts shared libraries once per process)."""
    root = psutil.Process(pid)
    cpu = rss = pss = uss = count = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            with proc.oneshot():
                times = proc.cpu_times()
                memory = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue  # it ended between listing and reading: its time reaches its parent's children_* fields
        cpu += times.user + times.system + times.children_user + times.children_system
        rss, pss, uss, count = rss + memory.rss, pss + memory.pss, uss + memory.uss, count + 1
    return Sample(0.0, cpu, rss, pss, uss, count)


@dataclass
class TreeSampler:
    """Samples the tree of ``pid`` every ``interval`` seconds on a thread until ``stop()``."""

    pid: int
    interval: float = INTERVAL_S
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self):
        self._start = time.perf_counter()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.read()
        self._thread.start()

    def read(self) -> Sample:
        """Take one sample now and keep it; CPU never goes backwards (a child that ended but is not yet
        reaped is briefly in nobody's total)."""
        sample = read_tree(self.pid)
        with self._lock:
            sample.t = time.perf_counter() - self._start
            if self.samples:
                sample.cpu = max(sample.cpu, self.samples[-1].cpu)
            self.samples.append(sample)
        return sample

    def _run(self):
        while not self._stop.wait(self.interval):
            try:
                self.read()
            except psutil.NoSuchProcess:
                return  # the root itself has ended

    def stop(self) -> list[Sample]:
        self._stop.set()
        self._thread.join()
        return self.samples


def peak(samples: list[Sample], kind: str = "pss") -> int:
    """The largest total of ``kind`` ("rss", "pss" or "uss") over the samples, in bytes."""
    return max(getattr(s, kind) for s in samples)


def peak_cores(samples: list[Sample], window: float = 1.0) -> float:
    """The most cores the tree used on average over any ``window`` seconds (0.0 for a shorter run)."""
    best, start = 0.0, 0
    for end in samples:
        while start + 1 < len(samples) and end.t - samples[start + 1].t >= window:
            start += 1
        span = end.t - samples[start].t
        if span >= window:
            best = max(best, (end.cpu - samples[start].cpu) / span)
    return best


def copy_course(dest: Path) -> Path:
    """A copy of the course in ``dest`` (without the environment, git, build output or exercises)."""
    shutil.copytree(ROOT, dest / "course", ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    return dest / "course"


def course_env(course: Path, state: Path) -> dict[str, str]:
    """The environment of a learner's kernel in the copy: the copy's packages first, every piece of course
    state (progress, MLflow store, signing keys, model artifact, Jupyter's runtime files, temporary files) in
    ``state``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    (state / "tmp").mkdir(parents=True, exist_ok=True)
    env.update(PYTHONPATH=os.pathsep.join([str(course), *filter(None, [os.environ.get("PYTHONPATH")])]),
               COURSE_PROGRESS_FILE=str(state / "progress.json"), COURSE_TRACKING_DIR=str(state / "mlflow"),
               COURSE_KEY_DIR=str(state / "keys"), COURSE_STATE_DIR=str(state / "course"),
               JUPYTER_RUNTIME_DIR=str(state / "runtime"),
               MPLCONFIGDIR=str(state / "matplotlib"), TMPDIR=str(state / "tmp"))
    return env


def lesson_minutes(path: Path) -> int:
    """The scheduled minutes of a notebook: teaching minutes for a lesson, exercise minutes for a solution."""
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["course"]
    return int(meta["exercise_minutes" if "solution" in path.name else "teaching_minutes"])


def run_notebook(path: Path, course: Path, env: dict[str, str], timeout: int = 900) -> Run:
    """Execute ``path`` (inside ``course``) top to bottom in a fresh kernel, sampling its process tree."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    error, heaviest, peak_cell, peak_pss = None, (0.0, 0.0, -1), -1, 0
    started = time.perf_counter()
    with client.setup_kernel(env=env):
        sampler = TreeSampler(client.km.provisioner.pid)
        try:
            for index, cell in enumerate(nb.cells):
                first, cell_start = len(sampler.samples), time.perf_counter()
                before = sampler.read().cpu
                client.execute_cell(cell, index)
                cell_cpu = sampler.read().cpu - before
                if cell_cpu > heaviest[0]:
                    heaviest = (cell_cpu, time.perf_counter() - cell_start, index)
                if peak(sampler.samples[first:]) > peak_pss:
                    peak_cell, peak_pss = index, peak(sampler.samples[first:])
        except CellExecutionError as exc:
            error = str(exc).strip().splitlines()[-1][:200]
        final = sampler.read()
        samples = sampler.stop()
    wall = time.perf_counter() - started
    return Run(str(path.relative_to(course)), path.name[:2], lesson_minutes(path), peak(samples, "rss"),
               peak(samples, "pss"), peak(samples, "uss"), final.pss, final.cpu, wall, peak_cores(samples),
               *heaviest, peak_cell, error=error)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def idle_server(course: Path, env: dict[str, str]):
    """A ``jupyter server`` on 127.0.0.1 with no kernel, after it has served the JupyterLab page once: its pid."""
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "server", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course}"]
    if os.getuid() == 0:
        command.append("--allow-root")  # containers and CI run as root; the server refuses otherwise
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("jupyter server did not start on 127.0.0.1") from None
                time.sleep(0.5)
        for page in ("/lab", "/api/kernelspecs", "/api/contents/notebooks"):
            urllib.request.urlopen(f"{base}{page}?token={token}", timeout=30).close()
        time.sleep(2)  # let it settle after the first requests
        yield server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def server_baseline(course: Path, env: dict[str, str]) -> Sample:
    """The idle single-user server's tree, the largest of a few readings."""
    with idle_server(course, env) as pid:
        readings = []
        for _ in range(10):
            readings.append(read_tree(pid))
            time.sleep(0.2)
    return max(readings, key=lambda s: s.pss)


def notebooks(course: Path, only: list[str] | None = None) -> list[Path]:
    """The lesson and solution notebooks of ``course`` in lesson order, or those whose name starts with ``only``."""
    paths = sorted([*(course / "notebooks").glob("*.ipynb"), *(course / "solutions").glob("*.ipynb")],
                   key=lambda p: (p.name[:2], p.parent.name != "notebooks"))
    return [p for p in paths if not only or any(p.name.startswith(prefix) for prefix in only)]


def main(argv: list[str] | None = None) -> int:
    """Measure every notebook and the idle server and print ``report``; exit code 0 (it asserts nothing)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="only the lessons whose number is given, e.g. 13 22")
    args = parser.parse_args(argv)
    unknown = [n for n in args.lessons if not notebooks(ROOT, [n])]
    if unknown:
        print(f"No lesson numbered {', '.join(unknown)} in notebooks/ or solutions/.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="course-sizing-") as tmp:
        course, state = copy_course(Path(tmp)), Path(tmp) / "state"
        env = course_env(course, state)
        # A hub's image has the model built already (postBuild): build it first, outside the measurement.
        subprocess.run([sys.executable, "-m", "course_tools.cli", "model", "build"], env=env, cwd=course,
                       check=True, stdout=subprocess.DEVNULL)
        paths = notebooks(course, args.lessons)
        server = server_baseline(course, env)
        runs = []
        for path in paths:
            print(f"running {path.relative_to(course)}", file=sys.stderr, flush=True)
            runs.append(run_notebook(path, course, env))
    print(report(runs, server.pss, server.rss, dt.date.today().isoformat(), INTERVAL_S))
    return 0


if __name__ == "__main__":
    sys.exit(main())
