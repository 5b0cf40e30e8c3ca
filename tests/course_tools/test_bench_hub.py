"""Does `make sizing` measure a whole process tree, in a copy of the course that keeps all state to itself?"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from course_tools import bench_hub

MIB = 1024 * 1024

# A parent that starts a child; the child fills 200 MiB (bytes written, so resident), holds it, then exits.
PARENT = textwrap.dedent("""
    import subprocess, sys
    print("started", flush=True)
    sys.stdin.readline()
    child = subprocess.Popen([sys.executable, "-c", CHILD])
    child.wait()
    print("child done", flush=True)
    sys.stdin.readline()
""")
CHILD = "import time; block = b'x' * (200 * 1024 * 1024); time.sleep(1.0)"
# A child that burns half a CPU second (process time, whatever the machine's load), then exits.
BUSY = "import time\nwhile time.process_time() < 0.5: pass"


def _parent(code: str, child: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", f"CHILD = {child!r}\n{code}"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "started"
    return proc


def _finish(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()


def test_sampler_keeps_the_peak_of_a_child_that_has_ended():
    """Does the sampler's peak include 200 MiB a child held, even after the child has exited?"""
    proc = _parent(PARENT, CHILD)
    try:
        sampler = bench_hub.TreeSampler(proc.pid)
        before = sampler.samples[0]
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "child done"
        sampler.read()  # one reading after the child has ended
        samples = sampler.stop()
    finally:
        _finish(proc)
    assert max(s.processes for s in samples) == 2
    assert samples[-1].processes == 1
    for kind in ("rss", "pss", "uss"):
        assert bench_hub.peak(samples, kind) - getattr(before, kind) >= 190 * MIB, kind
    assert samples[-1].pss - before.pss < 100 * MIB


def test_tree_cpu_counts_a_child_that_was_reaped():
    """Does the tree's CPU time include a child's half CPU second after the child has ended?"""
    proc = _parent(PARENT, BUSY)
    try:
        before = bench_hub.read_tree(proc.pid).cpu
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "child done"
        after = bench_hub.read_tree(proc.pid)
    finally:
        _finish(proc)
    assert after.processes == 1
    assert after.cpu - before >= 0.45  # /proc counts in clock ticks, split between user and system: a tick or two lost


def _samples(points):
    return [bench_hub.Sample(t, cpu, 0, 0, 0, 1) for t, cpu in points]


def test_peak_cores_is_the_busiest_second():
    """Is the burst the most CPU seconds per second over any one-second window?"""
    # 0.2 cores for two seconds, then 1.5 cores from t=2 to t=3, then idle.
    samples = _samples([(0.0, 0.0), (0.5, 0.1), (1.0, 0.2), (1.5, 0.3), (2.0, 0.4), (2.5, 1.15), (3.0, 1.9),
                        (3.5, 1.9), (4.0, 1.9)])
    assert abs(bench_hub.peak_cores(samples) - 1.5) < 1e-9
    assert bench_hub.peak_cores(samples[:2]) == 0.0  # half a second: no full window


def test_bad_lesson_number_is_one_sentence(capsys):
    """Does an unknown lesson number give one sentence on stderr, no report, and exit code 1?"""
    assert bench_hub.main(["99"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "No lesson numbered 99 in notebooks/ or solutions/.\n"
    assert captured.out == ""


def test_course_state_lives_in_the_temporary_directory(tmp_path, monkeypatch):
    """Do the kernels get the copy's packages first and every state path inside the temporary directory,
    with no course setting inherited from the caller?"""
    monkeypatch.setenv("COURSE_MODEL_PUBLIC_KEY", "/somewhere/public.pem")
    course = bench_hub.copy_course(tmp_path)
    env = bench_hub.course_env(course, tmp_path / "state")
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(course)
    assert "COURSE_MODEL_PUBLIC_KEY" not in env
    for name in ("COURSE_PROGRESS_FILE", "COURSE_TRACKING_DIR", "COURSE_KEY_DIR", "COURSE_STATE_DIR", "JUPYTER_RUNTIME_DIR",
                 "TMPDIR"):
        assert Path(env[name]).is_relative_to(tmp_path / "state"), name
    assert (course / "notebooks" / "22_mle_performance.ipynb").is_file()
    assert (course / "course_utils" / "paths.py").is_file()
    assert not (course / "exercises").exists() and not (course / "build").exists() and not (course / ".venv").exists()
