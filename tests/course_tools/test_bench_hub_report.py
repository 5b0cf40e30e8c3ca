"""Does `make sizing`'s rule follow from the measured figures, and does its report say so?"""

from course_tools import bench_hub_report

MIB = 1024 * 1024


def test_sizing_rule_arithmetic():
    """Do limit, guarantee, CPU and node follow the rule from the server baseline and lesson figures?"""
    rule = bench_hub_report.sizing(server_mib=100, lesson_peaks_mib=[300, 500, 900], lesson_cores=[0.02, 0.13, 0.05],
                            burst_cores=1.6, heaviest_cell_cpu_s=4.0, class_size=30)
    # Per-server totals 400, 600, 1000 MiB: the limit is 1000 x 1.25 = 1250, up to 5 x 256; the guarantee
    # the median 600, up to 5 x 128.
    assert (rule.memory_limit_mib, rule.memory_guarantee_mib) == (1280, 640)
    assert (rule.cpu_guarantee, rule.cpu_limit) == (0.2, 2.0)
    # 30 x 1280 MiB = 37.5 GiB, up to 38; 30 x 0.2 cores = 6, more than 30 x 4 CPU s in 30 s = 4 cores.
    assert (rule.node_memory_gib, rule.node_cores) == (38, 6)


def test_node_cores_let_the_class_run_the_heaviest_cell_within_the_wait():
    """Does a heavy cell raise the node's cores to finish 30 runs of it in 30 seconds?"""
    rule = bench_hub_report.sizing(server_mib=100, lesson_peaks_mib=[300], lesson_cores=[0.02], burst_cores=1.6,
                            heaviest_cell_cpu_s=12.0, class_size=30, wait_s=30.0)
    assert rule.node_cores == 12  # 30 x 12 CPU s / 30 s, above 30 x 0.1 guaranteed


def test_sizing_floors_for_an_idle_course():
    """Does a course that barely uses CPU still get 0.1 core guaranteed, one core of limit, 256M of memory?"""
    rule = bench_hub_report.sizing(server_mib=100, lesson_peaks_mib=[100], lesson_cores=[0.001], burst_cores=0.3,
                            heaviest_cell_cpu_s=0.5)
    assert (rule.cpu_guarantee, rule.cpu_limit, rule.node_cores) == (0.1, 1.0, 3)
    assert (rule.memory_limit_mib, rule.memory_guarantee_mib) == (256, 256)


def test_outlier_is_a_lesson_above_twice_every_other():
    """Is a lesson flagged only when its kernels peak above twice the next heaviest lesson's?"""
    def lesson(number, mib):
        return bench_hub_report.Lesson(number, mib * MIB, mib * MIB, 1.0, 1.0, 10, 0.5)

    assert bench_hub_report.outlier([lesson("14", 800), lesson("22", 6500), lesson("13", 500)]) == "22"
    assert bench_hub_report.outlier([lesson("14", 800), lesson("22", 1600)]) is None
    assert bench_hub_report.outlier([lesson("22", 6500)]) is None


def _run(path, final, peak_pss, cpu, minutes):
    return bench_hub_report.Run(path, path.split("/")[1][:2], minutes, peak_pss, peak_pss, peak_pss, final, cpu, cpu, 0.5,
                         0.1, 0.1, 0)


def test_lessons_group_a_lesson_with_its_solution():
    """Is a lesson's peak its kernel's end memory plus the solution's peak, and its CPU both notebooks' over
    both scheduled times?"""
    runs = [_run("notebooks/13_ds_model.ipynb", final=400 * MIB, peak_pss=500 * MIB, cpu=60.0, minutes=40),
            _run("solutions/13_ds_model_solution.ipynb", final=300 * MIB, peak_pss=350 * MIB, cpu=30.0, minutes=20),
            _run("notebooks/00_start_here.ipynb", final=100 * MIB, peak_pss=120 * MIB, cpu=6.0, minutes=10)]
    start, model = bench_hub_report.by_lesson(runs)
    assert (start.lesson, start.alone_pss, start.peak_pss) == ("00", 120 * MIB, 120 * MIB)
    assert (model.lesson, model.alone_pss, model.peak_pss) == ("13", 500 * MIB, 750 * MIB)
    assert model.cpu_s == 90.0 and model.minutes == 60
    assert abs(model.cores - 90.0 / 3600) < 1e-12
    assert abs(start.cores - 6.0 / 600) < 1e-12


def test_report_sizes_with_and_without_an_outlier_lesson():
    """Does the report print the rule for every lesson, then again without the one far heavier lesson?"""
    runs = [_run("notebooks/14_ds_tracking_registry.ipynb", final=700 * MIB, peak_pss=800 * MIB, cpu=20.0,
                 minutes=55),
            _run("notebooks/22_mle_performance.ipynb", final=3000 * MIB, peak_pss=6000 * MIB, cpu=200.0,
                 minutes=105)]
    text = bench_hub_report.report(runs, 100 * MIB, 110 * MIB, "2026-12-02", 0.075)
    # Per-server totals 900 and 6,100 MiB: limit 6,100 x 1.25 = 7,625, up to 30 x 256; guarantee the median 3,500,
    # up to 28 x 128. Without lesson 22: limit 900 x 1.25 = 1,125, up to 5 x 256; guarantee 900, up to 8 x 128.
    assert "30 x 6,100 MB = 178.7 GiB" in text
    assert "memory.limit: 7680M" in text and "memory.guarantee: 3584M" in text
    assert "5. Without lesson 22" in text
    assert "memory.limit: 1280M" in text and "memory.guarantee: 1024M" in text
