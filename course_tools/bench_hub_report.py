"""``make sizing``'s figures and sizing rule, from the runs ``course_tools.bench_hub`` measures.

Pure arithmetic on measured numbers: a lesson groups its notebook with its solution, the rule turns the
per-server totals and CPU figures into Zero to JupyterHub values, and ``report`` prints both, saying which
figure is measured and which inferred.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
from dataclasses import dataclass

import psutil

MIB = 1024 * 1024
CLASS_SIZE = 30
HEADROOM = 1.25
# A class running the heaviest cell together should wait no longer than this for it (sets the node's cores).
WAIT_S = 30.0


@dataclass
class Run:
    """One notebook's figures: peaks in bytes, CPU and wall in seconds, the heaviest cell's CPU and wall and
    index, and the index of the cell during which the memory peaked."""

    path: str
    lesson: str
    minutes: int
    peak_rss: int
    peak_pss: int
    peak_uss: int
    final_pss: int
    cpu_s: float
    wall_s: float
    peak_cores: float
    cell_cpu_s: float
    cell_wall_s: float
    cell_index: int
    peak_cell: int = -1
    error: str | None = None

@dataclass
class Lesson:
    """A lesson number's figures: its kernels' peak (the lesson kernel left open while its exercise runs,
    as JupyterLab keeps it), and the CPU and wall of both notebooks over their scheduled minutes."""

    lesson: str
    alone_pss: int
    peak_pss: int
    cpu_s: float
    wall_s: float
    minutes: int
    peak_cores: float

    @property
    def cores(self) -> float:
        """Average cores over the scheduled time: CPU seconds / scheduled seconds."""
        return self.cpu_s / (self.minutes * 60) if self.minutes else 0.0


def by_lesson(runs: list[Run]) -> list[Lesson]:
    """Group runs by lesson number; the peak is the larger of each kernel alone and the lesson kernel's
    memory at its end plus the solution's peak (the learner opens the exercise with the lesson still open)."""
    groups: dict[str, list[Run]] = {}
    for run in runs:
        groups.setdefault(run.lesson, []).append(run)
    found = []
    for number, group in sorted(groups.items()):
        teach = [r for r in group if r.path.startswith("notebooks/")]
        solve = [r for r in group if r.path.startswith("solutions/")]
        both = [t.final_pss + s.peak_pss for t in teach for s in solve]
        alone = max(r.peak_pss for r in group)
        found.append(Lesson(number, alone, max([alone, *both]), sum(r.cpu_s for r in group),
                            sum(r.wall_s for r in group), sum(r.minutes for r in group),
                            max(r.peak_cores for r in group)))
    return found


def round_up(value: float, step: float) -> float:
    """``value`` rounded up to a whole number of ``step`` (a tiny float excess does not add a step)."""
    return math.ceil(value / step - 1e-9) * step


@dataclass(frozen=True)
class Sizing:
    """Per-user values for Zero to JupyterHub's ``singleuser`` (memory in MiB, which KubeSpawner's "M" means)
    and a node for a class."""

    memory_guarantee_mib: int
    memory_limit_mib: int
    cpu_guarantee: float
    cpu_limit: float
    node_memory_gib: int
    node_cores: int
    class_size: int


def sizing(server_mib: float, lesson_peaks_mib: list[float], lesson_cores: list[float], burst_cores: float,
           heaviest_cell_cpu_s: float, class_size: int = CLASS_SIZE, headroom: float = HEADROOM,
           wait_s: float = WAIT_S) -> Sizing:
    """The rule ``make sizing`` prints, from the server baseline, each lesson's kernel peak and average cores,
    the most cores one learner's kernel used over a second, and the CPU seconds of the heaviest cell.

    - memory limit: the heaviest lesson's per-server total with ``headroom``, rounded up to 256 MiB;
    - memory guarantee: the median lesson's per-server total, rounded up to 128 MiB;
    - CPU guarantee: the busiest lesson's average cores, rounded up to 0.1 (at least 0.1);
    - CPU limit: the burst rounded up to whole cores (at least 1);
    - node: every learner at the memory limit at once (a class moves through the lessons together), in whole
      GiB; cores for every guarantee, and enough for the whole class to run the heaviest cell at once within
      ``wait_s`` seconds, at least 2.
    """
    totals = [server_mib + p for p in lesson_peaks_mib]
    limit = int(round_up(max(totals) * headroom, 256))
    guarantee = min(int(round_up(statistics.median(totals), 128)), limit)
    cpu_guarantee = round(max(0.1, round_up(max(lesson_cores), 0.1)), 1)
    cpu_limit = float(max(1, math.ceil(burst_cores - 1e-9)))
    node_memory = math.ceil(class_size * limit / 1024 - 1e-9)
    node_cores = max(2, math.ceil(class_size * cpu_guarantee - 1e-9),
                     math.ceil(class_size * heaviest_cell_cpu_s / wait_s - 1e-9))
    return Sizing(guarantee, limit, cpu_guarantee, cpu_limit, node_memory, node_cores, class_size)


def outlier(lessons: list[Lesson]) -> str | None:
    """The lesson whose kernels peak above twice every other lesson's, if there is one."""
    ranked = sorted(lessons, key=lambda lesson: lesson.peak_pss, reverse=True)
    if len(ranked) > 1 and ranked[0].peak_pss > 2 * ranked[1].peak_pss:
        return ranked[0].lesson
    return None


def _mib(value: float) -> str:
    return f"{value / MIB:,.0f}"


def report(runs: list[Run], server_pss: int, server_rss: int, when: str, interval_s: float) -> str:
    """The tables and the sizing rule, one line each, from the runs and the idle server's PSS and RSS (bytes)."""
    lines = [f"Measured {when} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
             f"{psutil.virtual_memory().total / 1024 ** 3:.0f} GiB RAM, Python {platform.python_version()}; "
             f"one run per notebook, kernel tree sampled every {interval_s * 1000:.0f} ms.",
             "Memory is PSS summed over the kernel and its children (shared pages split among the processes "
             "using them); RSS, which counts shared libraries once per process, is shown for comparison.",
             "CPU figures come from a shared machine and are noisy; the memory figures are the ones to size by.",
             "", "1. Each notebook in a fresh kernel (MB = MiB):",
             f"   {'notebook':<51} {'peak PSS':>8} {'peak RSS':>8} {'end PSS':>8} {'CPU s':>7} {'wall s':>7} "
             f"{'peak cores':>10} {'heaviest cell (CPU s / wall s)':>31} {'peak in cell':>12}"]
    for r in runs:
        cell = f"#{r.cell_index}: {r.cell_cpu_s:.1f} / {r.cell_wall_s:.1f}"
        lines.append(f"   {r.path:<51} {_mib(r.peak_pss):>8} {_mib(r.peak_rss):>8} {_mib(r.final_pss):>8} "
                     f"{r.cpu_s:>7.1f} {r.wall_s:>7.1f} {r.peak_cores:>10.2f} {cell:>31} {f'#{r.peak_cell}':>12}"
                     + (f"   FAILED: {r.error}" if r.error else ""))
    server_mib = server_pss / MIB
    lessons = by_lesson(runs)
    lines += ["", f"2. Per lesson (lesson and solution), with the idle single-user server (jupyter server with "
                  f"JupyterLab, no kernel: PSS {server_mib:,.0f} MB, RSS {server_rss / MIB:,.0f} MB):",
              "   (one kernel: the larger notebook's peak, measured; kernels peak: also the lesson kernel's end "
              "memory plus the solution's peak, inferred, as JupyterLab keeps the lesson kernel open)",
              f"   {'lesson':<6} {'one kernel MB':>13} {'kernels peak MB':>15} {'server MB':>9} {'per user server MB':>18} {'CPU s':>7} "
              f"{'wall s':>7} {'scheduled min':>13} {'avg cores':>9}"]
    for lesson in lessons:
        lines.append(f"   {lesson.lesson:<6} {_mib(lesson.alone_pss):>13} {_mib(lesson.peak_pss):>15} {server_mib:>9,.0f} "
                     f"{server_mib + lesson.peak_pss / MIB:>18,.0f} {lesson.cpu_s:>7.1f} {lesson.wall_s:>7.1f} "
                     f"{lesson.minutes:>13} {lesson.cores:>9.3f}")
    lines += _class_lines(runs, lessons, server_mib, 3, "A class of")
    odd = outlier(lessons)
    if odd:
        lines += _class_lines([r for r in runs if r.lesson != odd], [x for x in lessons if x.lesson != odd],
                              server_mib, 5, f"Without lesson {odd} (its kernels peak above twice any other "
                                             f"lesson's: run its heaviest part as a demonstration), a class of")
    failed = [r.path for r in runs if r.error]
    if failed:
        lines += ["", f"Failed notebooks (their figures stop at the failing cell): {', '.join(failed)}"]
    return "\n".join(lines)


def _class_lines(runs: list[Run], lessons: list[Lesson], server_mib: float, number: int, title: str) -> list[str]:
    """The class-of-30 figures and the sizing rule for ``lessons``, each line saying measured or inferred."""
    heaviest = max(lessons, key=lambda lesson: lesson.peak_pss)
    busiest = max(lessons, key=lambda lesson: lesson.cores)
    cell_run = max(runs, key=lambda r: r.cell_cpu_s)
    burst = max(r.peak_cores for r in runs)
    per_server = server_mib + heaviest.peak_pss / MIB
    rule = sizing(server_mib, [lesson.peak_pss / MIB for lesson in lessons], [lesson.cores for lesson in lessons],
                  burst, cell_run.cell_cpu_s)
    return ["", f"{number}. {title} {CLASS_SIZE}:",
            f"   memory, measured x {CLASS_SIZE}: everyone on lesson {heaviest.lesson} (the heaviest) at its peak "
            f"at once: {CLASS_SIZE} x {per_server:,.0f} MB = {CLASS_SIZE * per_server / 1024:,.1f} GiB",
            f"   CPU, inferred: lesson {busiest.lesson} (the busiest) uses {busiest.cpu_s:.0f} CPU s in "
            f"{busiest.minutes} scheduled minutes = {busiest.cores:.3f} cores per learner on average, "
            f"{CLASS_SIZE * busiest.cores:.1f} cores for the class (each notebook run once, top to bottom)",
            f"   burst, measured: one kernel tree used at most {burst:.2f} cores over a second (the machine has "
            f"{os.cpu_count()}); the heaviest cell ({cell_run.path} #{cell_run.cell_index}) took "
            f"{cell_run.cell_cpu_s:.1f} CPU s",
            f"   burst, inferred: {CLASS_SIZE} learners running that cell at the same moment need "
            f"{CLASS_SIZE * cell_run.cell_cpu_s:,.0f} CPU s: about "
            f"{CLASS_SIZE * cell_run.cell_cpu_s / rule.node_cores:,.0f} s each on {rule.node_cores} cores",
            "", f"{number + 1}. Suggested sizing (Zero to JupyterHub singleuser; M = MiB, G = GiB):",
            f"   memory.limit: {rule.memory_limit_mib}M  (heaviest per-server total {per_server:,.0f} MB with "
            f"{HEADROOM - 1:.0%} headroom, rounded up to 256M: the kernel is killed above it)",
            f"   memory.guarantee: {rule.memory_guarantee_mib}M  (the median lesson's per-server total, rounded "
            f"up to 128M: what Kubernetes reserves when it places a pod)",
            f"   cpu.guarantee: {rule.cpu_guarantee:.1f}  (the busiest lesson's average cores, rounded up to 0.1: "
            f"a learner mostly reads and types)",
            f"   cpu.limit: {rule.cpu_limit:.0f}  (the measured burst rounded up to whole cores: Dask's two "
            f"workers and uvicorn run beside the kernel)",
            f"   node for {CLASS_SIZE}: {rule.node_memory_gib} GiB and {rule.node_cores} cores for the user servers "
            f"({CLASS_SIZE} x memory.limit, since a class reaches the heaviest lesson together; cores for "
            f"{CLASS_SIZE} x cpu.guarantee and for the class running the heaviest cell at once within "
            f"{WAIT_S:.0f} s), plus what the hub, proxy and system pods need (not measured here)"]
