"""Does `make sizing` measure a whole process tree, and does its sizing rule follow from the figures?"""

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


def test_sizing_rule_arithmetic():
    """Do limit, guarantee, CPU and node follow the rule from the server baseline and lesson figures?"""
    rule = bench_hub.sizing(server_mib=100, lesson_peaks_mib=[300, 500, 900], lesson_cores=[0.02, 0.13, 0.05],
                            burst_cores=1.6, heaviest_cell_cpu_s=4.0, class_size=30)
    # Per-server totals 400, 600, 1000 MiB: the limit is 1000 x 1.25 = 1250, up to 5 x 256; the guarantee
    # the median 600, up to 5 x 128.
    assert (rule.memory_limit_mib, rule.memory_guarantee_mib) == (1280, 640)
    assert (rule.cpu_guarantee, rule.cpu_limit) == (0.2, 2.0)
    # 30 x 1280 MiB = 37.5 GiB, up to 38; 30 x 0.2 cores = 6, more than 30 x 4 CPU s in 30 s = 4 cores.
    assert (rule.node_memory_gib, rule.node_cores) == (38, 6)


def test_node_cores_let_the_class_run_the_heaviest_cell_within_the_wait():
    """Does a heavy cell raise the node's cores to finish 30 runs of it in 30 seconds?"""
    rule = bench_hub.sizing(server_mib=100, lesson_peaks_mib=[300], lesson_cores=[0.02], burst_cores=1.6,
                            heaviest_cell_cpu_s=12.0, class_size=30, wait_s=30.0)
    assert rule.node_cores == 12  # 30 x 12 CPU s / 30 s, above 30 x 0.1 guaranteed


def test_sizing_floors_for_an_idle_course():
    """Does a course that barely uses CPU still get 0.1 core guaranteed, one core of limit, 256M of memory?"""
    rule = bench_hub.sizing(server_mib=100, lesson_peaks_mib=[100], lesson_cores=[0.001], burst_cores=0.3,
                            heaviest_cell_cpu_s=0.5)
    assert (rule.cpu_guarantee, rule.cpu_limit, rule.node_cores) == (0.1, 1.0, 3)
    assert (rule.memory_limit_mib, rule.memory_guarantee_mib) == (256, 256)


def test_outlier_is_a_lesson_above_twice_every_other():
    """Is a lesson flagged only when its kernels peak above twice the next heaviest lesson's?"""
    def lesson(number, mib):
        return bench_hub.Lesson(number, mib * MIB, mib * MIB, 1.0, 1.0, 10, 0.5)

    assert bench_hub.outlier([lesson("14", 800), lesson("22", 6500), lesson("13", 500)]) == "22"
    assert bench_hub.outlier([lesson("14", 800), lesson("22", 1600)]) is None
    assert bench_hub.outlier([lesson("22", 6500)]) is None


def _run(path, final, peak_pss, cpu, minutes):
    return bench_hub.Run(path, path.split("/")[1][:2], minutes, peak_pss, peak_pss, peak_pss, final, cpu, cpu, 0.5,
                         0.1, 0.1, 0)


def test_lessons_group_a_lesson_with_its_solution():
    """Is a lesson's peak its kernel's end memory plus the solution's peak, and its CPU both notebooks' over
    both scheduled times?"""
    runs = [_run("notebooks/13_ds_model.ipynb", final=400 * MIB, peak_pss=500 * MIB, cpu=60.0, minutes=40),
            _run("solutions/13_ds_model_solution.ipynb", final=300 * MIB, peak_pss=350 * MIB, cpu=30.0, minutes=20),
            _run("notebooks/00_start_here.ipynb", final=100 * MIB, peak_pss=120 * MIB, cpu=6.0, minutes=10)]
    start, model = bench_hub.by_lesson(runs)
    assert (start.lesson, start.alone_pss, start.peak_pss) == ("00", 120 * MIB, 120 * MIB)
    assert (model.lesson, model.alone_pss, model.peak_pss) == ("13", 500 * MIB, 750 * MIB)
    assert model.cpu_s == 90.0 and model.minutes == 60
    assert abs(model.cores - 90.0 / 3600) < 1e-12
    assert abs(start.cores - 6.0 / 600) < 1e-12


def test_bad_lesson_number_is_one_sentence(capsys):
    """Does an unknown lesson number give one sentence on stderr, no report, and exit code 1?"""
    assert bench_hub.main(["99"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "No lesson numbered 99 in notebooks/ or solutions/.\n"
    assert captured.out == ""


def test_report_sizes_with_and_without_an_outlier_lesson():
    """Does the report print the rule for every lesson, then again without the one far heavier lesson?"""
    runs = [_run("notebooks/14_ds_tracking_registry.ipynb", final=700 * MIB, peak_pss=800 * MIB, cpu=20.0,
                 minutes=55),
            _run("notebooks/22_mle_performance.ipynb", final=3000 * MIB, peak_pss=6000 * MIB, cpu=200.0,
                 minutes=105)]
    server = bench_hub.Sample(0.0, 1.0, 110 * MIB, 100 * MIB, 90 * MIB, 1)
    text = bench_hub.report(runs, server, "2026-12-02")
    # Per-server totals 900 and 6,100 MiB: limit 6,100 x 1.25 = 7,625, up to 30 x 256; guarantee the median 3,500,
    # up to 28 x 128. Without lesson 22: limit 900 x 1.25 = 1,125, up to 5 x 256; guarantee 900, up to 8 x 128.
    assert "30 x 6,100 MB = 178.7 GiB" in text
    assert "memory.limit: 7680M" in text and "memory.guarantee: 3584M" in text
    assert "5. Without lesson 22" in text
    assert "memory.limit: 1280M" in text and "memory.guarantee: 1024M" in text


def test_course_state_lives_in_the_temporary_directory(tmp_path, monkeypatch):
    """Do the kernels get the copy's packages first and every state path inside the temporary directory,
    with no course setting inherited from the caller?"""
    monkeypatch.setenv("COURSE_MODEL_PUBLIC_KEY", "/somewhere/public.pem")
    course = bench_hub.copy_course(tmp_path)
    env = bench_hub.course_env(course, tmp_path / "state")
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(course)
    assert "COURSE_MODEL_PUBLIC_KEY" not in env
    for name in ("COURSE_PROGRESS_FILE", "COURSE_TRACKING_DIR", "COURSE_KEY_DIR", "JUPYTER_RUNTIME_DIR", "TMPDIR"):
        assert Path(env[name]).is_relative_to(tmp_path / "state"), name
    assert (course / "notebooks" / "22_mle_performance.ipynb").is_file()
    assert (course / "course_utils" / "paths.py").is_file()
    assert not (course / "exercises").exists() and not (course / "build").exists() and not (course / ".venv").exists()
