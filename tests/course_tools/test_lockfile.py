"""Is environment.yml exactly the learner's lock for Binder's platform, and does it read back?"""

from course_tools import lockfile
from course_utils import lock
from course_utils.paths import ENVIRONMENT_FILE, LOCK_FILE


def test_environment_yml_lists_exactly_the_learner_pins_for_binder():
    expected = lock.pins_for(lock.read_lock(LOCK_FILE), lock.LINUX_ENVIRONMENT)
    assert lockfile.read_environment_pins(ENVIRONMENT_FILE) == expected


def test_environment_yml_pins_python_311_and_keeps_pip():
    text = ENVIRONMENT_FILE.read_text()
    assert "  - python=3.11\n" in text
    assert "  - pip\n" in text


def test_rendered_environment_reads_back(tmp_path):
    env = tmp_path / "environment.yml"
    env.write_text(lockfile.render_environment({"pandas": "3.1.1", "jupyterlab": "4.6.6"}))
    assert lockfile.read_environment_pins(env) == {"pandas": "3.1.1", "jupyterlab": "4.6.6"}
