"""Does the hub config fragment declare the classroom service with its store on the command line, give
kernels (the server role) and users the classroom's access scope and nothing broader, tell kernels where
the service is, and add to what an earlier config file set (services, roles, groups, environment) when
loaded with load_subconfig, as TLJH loads jupyterhub_config.d/, instead of replacing it?"""

import sys

from traitlets.config.loader import PyFileConfigLoader

from course_utils.paths import ROOT

FRAGMENT = ROOT / "deploy" / "hub" / "classroom_config.py"
ACCESS = "access:services!service=classroom"


def load(tmp_path, monkeypatch, before="", **env):
    """The config a hub would get from a jupyterhub_config.py that runs ``before``, then loads the fragment."""
    for name in ("DB", "PORT", "KERNEL_URL", "INSTRUCTORS", "GROUP", "PYTHON"):
        monkeypatch.delenv(f"COURSE_CLASSROOM_{name}", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "jupyterhub_config.py").write_text(f"c = get_config()\n{before}\nload_subconfig({str(FRAGMENT)!r})\n")
    return PyFileConfigLoader("jupyterhub_config.py", str(tmp_path)).load_config()


def roles(config):
    return {role["name"]: role["scopes"] for role in reified(config.JupyterHub.load_roles, [])}


def services(config):
    return reified(config.JupyterHub.services, [])


def reified(value, empty):
    """A config value as the hub will see it: a lazy one (append, update, add) applied to ``empty``."""
    if hasattr(value, "merge_into"):
        return value.merge_into(empty)
    return value


def test_the_defaults(tmp_path, monkeypatch):
    config = load(tmp_path, monkeypatch)
    (service,) = services(config)
    assert service["name"] == "classroom" and service["url"] == "http://127.0.0.1:10101"
    # The hub's own Python when it has the course, as here.
    assert service["command"][0] == sys.executable
    assert service["command"][1:] == ["-m", "course_tools.cli", "classroom", "--db", "/srv/classroom/classroom.sqlite",
                                      "--instructors-group", "instructors"]
    assert roles(config) == {"server": ["users:activity!user", "access:servers!server", ACCESS]}
    assert "inherit" not in str(roles(config))
    assert reified(config.JupyterHub.extra_user_scopes, set()) == {ACCESS}
    assert "load_groups" not in config.JupyterHub
    assert reified(config.Spawner.environment, {}) == {
        "COURSE_CLASSROOM_URL": "http://127.0.0.1:10101/services/classroom/"}


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    config = load(tmp_path, monkeypatch, COURSE_CLASSROOM_DB="/var/lib/class/events.sqlite",
                  COURSE_CLASSROOM_PORT="9999", COURSE_CLASSROOM_INSTRUCTORS="ada, grace",
                  COURSE_CLASSROOM_GROUP="staff", COURSE_CLASSROOM_PYTHON="/opt/tljh/user/bin/python",
                  COURSE_CLASSROOM_KERNEL_URL="https://hub.example.org/services/classroom/")
    (service,) = services(config)
    assert service["url"] == "http://127.0.0.1:9999"
    assert service["command"] == ["/opt/tljh/user/bin/python", "-m", "course_tools.cli", "classroom", "--db",
                                  "/var/lib/class/events.sqlite", "--instructors-group", "staff"]
    assert reified(config.JupyterHub.load_groups, {}) == {"staff": {"users": ["ada", "grace"]}}
    assert reified(config.Spawner.environment, {}) == {
        "COURSE_CLASSROOM_URL": "https://hub.example.org/services/classroom/"}


def test_what_earlier_config_set_is_kept(tmp_path, monkeypatch):
    before = """
c.JupyterHub.services = [{"name": "announcement", "url": "http://127.0.0.1:8888"}]
c.JupyterHub.load_roles = [{"name": "tutors", "scopes": ["read:users"], "groups": ["tutors"]}]
c.JupyterHub.load_groups = {"tutors": {"users": ["ada"]}}
c.JupyterHub.extra_user_scopes = {"read:groups"}
c.Spawner.environment = {"TZ": "UTC"}
"""
    config = load(tmp_path, monkeypatch, before, COURSE_CLASSROOM_INSTRUCTORS="grace")
    assert [s["name"] for s in services(config)] == ["announcement", "classroom"]
    assert list(roles(config)) == ["tutors", "server"]
    assert config.JupyterHub.load_groups == {"tutors": {"users": ["ada"]}, "instructors": {"users": ["grace"]}}
    assert config.JupyterHub.extra_user_scopes == {"read:groups", ACCESS}
    assert config.Spawner.environment == {"TZ": "UTC",
                                          "COURSE_CLASSROOM_URL": "http://127.0.0.1:10101/services/classroom/"}
