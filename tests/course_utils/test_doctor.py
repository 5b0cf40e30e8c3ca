"""Does the doctor pass this environment and say how to fix a broken one?"""

import importlib.metadata

from course_utils import doctor


def test_this_environment_passes_every_check():
    findings = doctor.run_checks()
    assert [f.name for f in findings] == ["python", "packages", "kernel", "widgets", "files"]
    assert all(f.ok for f in findings), doctor.report(findings)
    assert doctor.report(findings).endswith("All checks passed: you are ready.")


def test_wrong_python_is_reported_with_a_fix():
    finding = doctor.check_python((3, 12))
    assert not finding.ok and "3.12" in finding.detail and "python3.11" in finding.fix


def test_missing_and_mismatched_packages_are_named():
    finding = doctor.check_pins({"pandas": "3.1.1", "numpy": "2.4.6"}, {"pandas": "2.0.0", "schemathesis": "1.0"})
    assert not finding.ok
    assert finding.detail == "1 missing: numpy; 1 at other versions: pandas 2.0.0 (lock: 3.1.1)"
    assert "make setup" in finding.fix and "Binder" in finding.fix


def test_packages_outside_the_learner_set_are_not_looked_at():
    # Binder's base image holds jupyterhub and others at its own versions; they are not the course's to check.
    assert doctor.check_pins({"pandas": "3.1.1"}, {"pandas": "3.1.1", "jupyterhub": "5.4.0", "nbgrader": "0.1"}).ok


def test_a_kernel_for_another_python_is_reported(tmp_path):
    finding = doctor.check_kernel(executable=str(tmp_path / "other-python"))
    assert not finding.ok and "ipykernel install" in finding.fix


def test_report_counts_failures():
    findings = [doctor.Finding("a", True, "fine"), doctor.Finding("b", False, "broken", "do this")]
    assert doctor.report(findings) == "[ok  ] a: fine\n[FAIL] b: broken\n       fix: do this\n1 check(s) failed: see the fixes above."


def test_a_shadowed_copy_later_on_sys_path_does_not_count():
    # setuptools puts its vendored packages (platformdirs 4.4.0 among them) at the end of sys.path when imported.
    import setuptools  # noqa: F401

    assert doctor.installed_versions()["platformdirs"] == importlib.metadata.version("platformdirs")


def test_a_folder_the_course_cannot_write_is_reported_with_a_fix(tmp_path):
    """On a hub where the rebuilt files would land under a file (or a read-only folder), does the doctor say so?"""
    (tmp_path / "state").write_text("not a folder")
    finding = doctor.check_files(tmp_path / "state" / "course")
    assert not finding.ok and "cannot write" in finding.detail and "COURSE_STATE_DIR" in finding.fix
    assert doctor.check_files(tmp_path / "new" / "course").ok
