"""Does the Zero to JupyterHub config give every learner a working course that survives the home mount?"""

from pathlib import Path
from urllib.parse import urlsplit

import yaml
from jsonschema import Draft7Validator
from traitlets.config.loader import PyFileConfigLoader

from course_tools import cli
from course_utils.paths import NOTEBOOKS_DIR, ROOT, STATE_ENV

CONFIG = ROOT / "deploy" / "hub" / "z2jh-config.yaml"
HOME = Path("/home/jovyan")  # the chart's singleuser.storage.homeMountPath default


def values():
    return yaml.safe_load(CONFIG.read_text())


def test_the_course_copy_runs_at_start_into_the_home_and_the_lab_opens_a_lesson_there():
    """Does each server start copy the lessons into the persistent home, and open the first lesson of that copy?"""
    single = values()["singleuser"]
    command = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[:2] == ["course", "copy"]
    args = cli.build_parser().parse_args(command[1:])
    assert args.func.__name__ == "cmd_copy"
    dest = Path(command[2])
    assert HOME in dest.parents
    opened = Path(single["defaultUrl"].removeprefix("/lab/tree/"))
    assert HOME / opened == dest / "notebooks" / opened.name
    assert (NOTEBOOKS_DIR / opened.name).is_file()


def test_rebuilt_files_persist_in_the_home():
    """Do the model, keys and the MLflow store go to the persistent home rather than the image's folder?"""
    state = Path(values()["singleuser"]["extraEnv"][STATE_ENV])
    assert HOME in state.parents


def test_memory_and_cpu_have_a_guarantee_below_the_limit():
    """Is each learner guaranteed some memory and CPU, and capped above that?"""
    single = values()["singleuser"]
    units = {"G": 1000**3, "M": 1000**2}
    memory = {k: float(v[:-1]) * units[v[-1]] for k, v in single["memory"].items()}
    assert 0 < memory["guarantee"] < memory["limit"]
    assert 0 < single["cpu"]["guarantee"] < single["cpu"]["limit"]


def test_idle_servers_are_culled():
    """Do idle servers stop, so a class that went home frees the cluster?"""
    cull = values()["cull"]
    assert cull["enabled"] is True and 0 < cull["timeout"] <= 4 * 3600


def merged(defaults, overrides):
    """``overrides`` merged into ``defaults`` the way Helm merges a values file: maps key by key, the rest replaced."""
    result = dict(defaults)
    for key, value in overrides.items():
        both_maps = isinstance(value, dict) and isinstance(result.get(key), dict)
        result[key] = merged(result[key], value) if both_maps else value
    return result


def schema_problems(config):
    chart = Path(__file__).parent / "z2jh-4.4.0"
    schema = yaml.safe_load((chart / "values.schema.yaml").read_text())
    full = merged(yaml.safe_load((chart / "values.yaml").read_text()), config)
    return [f"{'.'.join(map(str, e.path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(full)]


def test_the_values_pass_the_charts_own_schema():
    """Would Helm accept the file: every key known to chart 4.4.0, every value of the type it expects?"""
    assert schema_problems(values()) == []


def test_the_schema_check_catches_a_misspelt_key():
    """Can that check fail: is a key with a typo, which Helm would refuse, reported?"""
    config = values()
    config["singleuser"]["lifecycleHook"] = config["singleuser"].pop("lifecycleHooks")
    assert any("lifecycleHook" in problem for problem in schema_problems(config))


def fragment_config(tmp_path):
    """The config TLJH and the real-hub test get from deploy/hub/classroom_config.py, with its defaults."""
    fragment = ROOT / "deploy" / "hub" / "classroom_config.py"
    (tmp_path / "jupyterhub_config.py").write_text(f"c = get_config()\nload_subconfig({str(fragment)!r})\n")
    return PyFileConfigLoader("jupyterhub_config.py", str(tmp_path)).load_config()


def test_kernels_get_the_same_scopes_as_with_the_tested_fragment(tmp_path):
    """Is the server role on Kubernetes exactly the one the real-hub test proves, so kernels can send and no more?"""
    [server] = [r for r in fragment_config(tmp_path).JupyterHub.load_roles.merge_into([]) if r["name"] == "server"]
    assert values()["hub"]["loadRoles"]["server"]["scopes"] == server["scopes"]
    assert "inherit" not in str(values()["hub"]["loadRoles"])


def sidecar():
    [container] = values()["hub"]["extraContainers"]
    return container, {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def test_the_classroom_runs_from_the_learners_image_with_a_command_the_course_knows():
    """Does the service beside the hub run the course's own command, from the very image learners get?"""
    container, _ = sidecar()
    image = values()["singleuser"]["image"]
    assert container["image"] == f"{image['name']}:{image['tag']}"
    command = container["command"]
    assert command[0] == "course"
    args = cli.build_parser().parse_args(command[1:])
    assert args.command == "classroom"
    assert HOME not in Path(args.db).parents  # the store is outside every learner's home
    [mount] = container["volumeMounts"]  # on the hub's own volume, mounted where the hub mounts it
    assert mount == {"name": "pvc", "mountPath": "/srv/jupyterhub"} and Path(args.db).parent == Path("/srv/jupyterhub")


def test_every_address_of_the_service_agrees():
    """Do the hub's service URL, the pod's port, the hub Service's extra port and both network rules name one port,
    and does the token come from the secret the chart writes for this service?"""
    hub = values()["hub"]
    container, env = sidecar()
    port = urlsplit(hub["services"]["classroom"]["url"]).port
    assert urlsplit(env["JUPYTERHUB_SERVICE_URL"]).port == port
    assert [p["containerPort"] for p in container["ports"]] == [port]
    assert [p["targetPort"] for p in hub["service"]["extraPorts"]] == [port]
    assert [p["port"] for rule in hub["networkPolicy"]["ingress"] for p in rule["ports"]] == [port]
    egress = values()["proxy"]["chp"]["networkPolicy"]["egress"]
    assert [p["port"] for rule in egress for p in rule["ports"]] == [port]
    assert env["JUPYTERHUB_API_TOKEN"]["secretKeyRef"] == {"name": "hub", "key": "hub.services.classroom.apiToken"}
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == "/services/classroom/"
    assert env["JUPYTERHUB_OAUTH_CALLBACK_URL"] == "/services/classroom/oauth_callback"
    assert values()["singleuser"]["extraEnv"]["COURSE_CLASSROOM_URL"].endswith("/services/classroom/")


def test_the_sizes_are_the_ones_the_measured_guide_recommends():
    """Do the memory and CPU values equal those instructors/hub.md derives from `make sizing`, so neither drifts?"""
    guide = (ROOT / "instructors" / "hub.md").read_text()
    single = values()["singleuser"]
    for key in ("memory.guarantee", "memory.limit", "cpu.guarantee", "cpu.limit"):
        group, name = key.split(".")
        assert f"`singleuser.{key}: {single[group][name]}`" in guide, key
