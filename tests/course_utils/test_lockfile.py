"""Does the lock agree with environment.yml, and does the lock file parse as pip reads it?"""

from course_utils import lockfile
from course_utils.paths import ENVIRONMENT_FILE, LOCK_FILE


def test_environment_yml_lists_exactly_the_main_pins_of_the_lock():
    lock = lockfile.read_lock(LOCK_FILE)
    assert lockfile.read_environment_pins(ENVIRONMENT_FILE) == lock.main


def test_environment_yml_pins_python_311_and_keeps_pip():
    text = ENVIRONMENT_FILE.read_text()
    assert "  - python=3.11\n" in text
    assert "  - pip\n" in text


def test_every_line_of_the_lock_is_a_pin_or_a_comment():
    for line in LOCK_FILE.read_text().splitlines():
        assert not line or line.startswith("#") or lockfile.parse_pins([line]), line


def test_course_tools_are_in_main_and_dev_tools_are_not():
    lock = lockfile.read_lock(LOCK_FILE)
    for name in ("jupyterlab", "pandas", "matplotlib", "ipywidgets", "nbval", "pytest", "scikit-learn"):
        assert name in lock.main
    assert "jupyter-repo2docker" in lock.dev and "jupyter-repo2docker" not in lock.main


def test_render_and_read_round_trip(tmp_path):
    path = tmp_path / "requirements.lock"
    path.write_text(lockfile.render_lock({"pandas": "3.1.1"}, {"schemathesis": "4.32.5"}))
    lock = lockfile.read_lock(path)
    assert lock.main == {"pandas": "3.1.1"}
    assert lock.dev == {"schemathesis": "4.32.5"}
    env = tmp_path / "environment.yml"
    env.write_text(lockfile.render_environment(lock.main))
    assert lockfile.read_environment_pins(env) == {"pandas": "3.1.1"}


def test_names_are_compared_in_canonical_form():
    assert lockfile.parse_pins(["Jupyter_Server==2.0", "ruamel.yaml==0.1"]) == {"jupyter-server": "2.0", "ruamel-yaml": "0.1"}
