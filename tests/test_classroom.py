"""Does the classroom work inside a real JupyterHub: learners' kernels, started by the hub's spawner, send
their checks to the service; the instructor's page, its JSON and `course classroom report` show exactly
those events; a learner's token reads only its own row and a token without the classroom's scope
nothing; and do checks still work while the service is stopped?

The hub runs on 127.0.0.1 with the course's own config fragment (deploy/hub/classroom_config.py), plus
test-only settings: DummyAuthenticator, SimpleLocalProcessSpawner, temporary folders, free ports.
configurable-http-proxy comes from the npm registry: `make test` installs it into build/node.
"""

import asyncio
import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html import escape
from pathlib import Path

import psutil
import pytest

from course_utils.mle.bench import free_port, stop
from course_utils.paths import ROOT
from course_utils.roles.start_questions import q1

FRAGMENT = ROOT / "deploy" / "hub" / "classroom_config.py"
CHP = Path(os.environ.get("COURSE_CHP", ROOT / "build" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"))
BIN = Path(sys.executable).parent
ADMIN_TOKEN = uuid.uuid4().hex
LEARNERS = ("ana", "bob", "cy")
INSTRUCTOR = "teacher"
SETUP = "from course_utils.roles.start_questions import q1\nfrom course_utils.data import load_clean\n"
# Right, wrong with a known mistake (the number of columns: q1.mistakes[2]), and blank.
CHECKS = {"ana": "q1.check(len(load_clean()))", "bob": "q1.check(load_clean().shape[1])", "cy": "q1.check(...)"}
WRONG = q1.mistakes[2].message

HUB_CONFIG = """
load_subconfig({fragment!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {proxy_port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {root!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {root!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {root!r} + "/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {root!r} + "/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services.append({{"name": "test-admin", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "test-admin", "services": ["test-admin"],
                                 "scopes": ["admin:users", "admin:servers", "tokens", "read:users"]}})
"""


def missing_proxy() -> str | None:
    if not CHP.exists():
        return f"{CHP} is missing (`npm install --prefix build/node configurable-http-proxy@5.3.0`, as make test does)"
    if not shutil.which("node"):
        return "node is missing (configurable-http-proxy runs on it; .ci/run installs nodejs)"
    return None


def api(base: str, path: str, token: str, body=None, method=None) -> tuple[int, object]:
    """(status, JSON or text) of one request to ``base + path`` with ``token``."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method or ("POST" if data else "GET"),
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw, kind = response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        with exc:
            status, raw, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
    return status, json.loads(raw) if raw and "json" in kind else raw.decode()


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"{what} within {seconds:.0f} s")


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).close()
        return True
    except OSError:
        return False


def start_learners(base: str) -> dict[str, str]:
    """Create the learners, start their servers with the hub's spawner, wait for the service; a token per user."""
    for name in LEARNERS:
        api(base, "/hub/api/users", ADMIN_TOKEN, {"usernames": [name]})
        status, body = api(base, f"/hub/api/users/{name}/server", ADMIN_TOKEN, {})
        if status not in (201, 202):
            pytest.fail(f"the hub did not start {name}'s server ({status}: {body})")
    tokens = {name: api(base, f"/hub/api/users/{name}/tokens", ADMIN_TOKEN, {"note": "test"})[1]["token"]
              for name in (*LEARNERS, INSTRUCTOR)}
    for name in LEARNERS:
        wait_for(lambda name=name: api(base, f"/hub/api/users/{name}", ADMIN_TOKEN)[1]["servers"].get(
            "", {}).get("ready"), 120, f"{name}'s server was not ready")
    wait_for(lambda: api(base, "/services/classroom/api/report", tokens[INSTRUCTOR])[0] == 200, 60,
             "the classroom service did not answer")
    return tokens


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    problem = missing_proxy()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the real-hub test, but {problem}.")
        pytest.skip(f"{problem}: the real-hub test needs it.")
    root = tmp_path_factory.mktemp("hub")
    proxy_port, hub_port, api_port, service_port = free_port(), free_port(), free_port(), free_port()
    db = root / "state" / "classroom.sqlite"
    (root / "jupyterhub_config.py").write_text(HUB_CONFIG.format(
        fragment=str(FRAGMENT), proxy_port=proxy_port, hub_port=hub_port, api_port=api_port, chp=str(CHP),
        root=str(root), singleuser=str(BIN / "jupyterhub-singleuser"),
        args=["--allow-root"] if os.getuid() == 0 else [], token=ADMIN_TOKEN))
    # Only the test's classroom settings reach the fragment, never this machine's own.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_CLASSROOM_")}
    env = {**env, "COURSE_CLASSROOM_DB": str(db), "COURSE_CLASSROOM_PORT": str(service_port),
           "COURSE_CLASSROOM_INSTRUCTORS": INSTRUCTOR, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    log = (root / "hub.log").open("w")
    process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(root / "jupyterhub_config.py")], cwd=root,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{proxy_port}"
    try:
        try:
            wait_for(lambda: process.poll() is not None or answers(base + "/hub/api/"), 90, "the hub did not answer")
            if process.poll() is not None:
                pytest.fail("the hub exited")
            tokens = start_learners(base)
        except pytest.fail.Exception as exc:  # in CI the log is all there is to go on
            pytest.fail(f"{exc.msg}; the hub's log ends with:\n{(root / 'hub.log').read_text()[-4000:]}")
        yield {"base": base, "tokens": tokens, "db": db, "root": root, "process": process}
    finally:
        # The hub stops its servers, proxy and service; whatever outlives a hub that had to be killed goes too.
        children = psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []
        stop(process, timeout=30)
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        log.close()


async def _execute(base: str, user: str, token: str, code: str) -> tuple[str, str]:
    """Run ``code`` in a new kernel of ``user``'s server (over its websocket); (status, text it showed)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    status, kernel = api(base, f"/user/{user}/api/kernels", token, {"name": "python3"})
    assert status == 201, kernel
    ws_url = base.replace("http", "ws") + f"/user/{user}/api/kernels/{kernel['id']}/channels"
    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    shown, reply = [], None
    while reply is None or shown[-1:] != ["<idle>"]:
        raw = await asyncio.wait_for(conn.read_message(), 120)
        assert raw is not None, "the kernel's websocket closed"
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            shown.append(content["text"])
        elif kind in ("display_data", "execute_result"):
            shown.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            shown.append("\n".join(content["traceback"]))
        elif kind == "status" and content["execution_state"] == "idle":
            shown.append("<idle>")
        elif kind == "execute_reply":
            reply = content["status"]
    conn.close()
    api(base, f"/user/{user}/api/kernels/{kernel['id']}", token, method="DELETE")
    return reply, "".join(shown[:-1])


def execute(hub, user: str, code: str) -> tuple[str, str]:
    return asyncio.run(_execute(hub["base"], user, hub["tokens"][user], code))


@pytest.fixture(scope="module")
def checked(hub):
    """Each learner's kernel runs its check; then the service has had time to store all three."""
    outputs = {name: execute(hub, name, SETUP + code) for name, code in CHECKS.items()}
    wait_for(lambda: len(api(hub["base"], "/services/classroom/api/report", hub["tokens"][INSTRUCTOR])[1][
        "per_learner"]) == 3, 30, "the three checks did not reach the service")
    return outputs


def test_each_kernel_ran_its_check_and_has_the_hubs_settings(hub, checked):
    assert {name: status for name, (status, _) in checked.items()} == dict.fromkeys(LEARNERS, "ok")
    assert "Well done." in checked["ana"][1] and WRONG in checked["bob"][1] and "Replace the ..." in checked["cy"][1]
    status, shown = execute(hub, "bob", "import os\nprint(os.environ['COURSE_CLASSROOM_URL'])")
    assert status == "ok" and shown.strip().endswith("/services/classroom/")


def test_the_instructor_sees_exactly_those_events(hub, checked):
    status, body = api(hub["base"], "/services/classroom/api/report", hub["tokens"][INSTRUCTOR])
    assert status == 200 and body["instructor"] is True
    assert body["learners"] == list(LEARNERS) and body["questions"] == ["start.q1"]
    assert body["states"] == {"ana": {"start.q1": "passed"}, "bob": {"start.q1": "trying"},
                              "cy": {"start.q1": "trying"}}
    (row,) = body["per_question"]
    # Answered checks: ana 1 (a pass), bob 1 (the mistake); cy's blank check is no attempt.
    assert (row["passed"], row["learners"], row["median_attempts"]) == (1, 3, 1)
    assert row["mistakes"] == [{"id": "start.q1.m2", "count": 1, "message": WRONG}]
    assert [(r["learner"], r["state"], r["mistake"]) for r in body["per_learner"]] == [
        ("ana", "passed", None), ("bob", "trying", "start.q1.m2"), ("cy", "trying", None)]
    status, page = api(hub["base"], "/services/classroom/", hub["tokens"][INSTRUCTOR])
    assert status == 200 and escape(WRONG) in page and page.count('class="cell"') == 3
    assert all(f"<td>{name}</td>" in page for name in LEARNERS)


def test_an_instructor_signs_in_with_a_browser_through_the_hubs_oauth(hub, checked):
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(hub["base"] + "/hub/login", timeout=30) as response:
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"username": INSTRUCTOR, "password": "any", "_xsrf": xsrf}).encode()
    browser.open(hub["base"] + "/hub/login", data=form, timeout=30).close()
    # The hub's OAuth: authorize (no confirmation page for this service), the service's callback, the page.
    with browser.open(hub["base"] + "/services/classroom/", timeout=30) as response:
        final_url, page = response.url, response.read().decode()
    assert final_url == hub["base"] + "/services/classroom/"
    assert f"Signed in as {INSTRUCTOR}" in page and all(f"<td>{name}</td>" in page for name in LEARNERS)


def test_course_classroom_report_prints_the_same_tables(hub, checked):
    done = subprocess.run([sys.executable, "-m", "course_tools.cli", "classroom", "report", "--db", str(hub["db"])],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:6] == ["Progress (3 learners; # passed, ~ trying, . not started)", "learner  1", "ana      #",
                         "bob      ~", "cy       ~", "Questions: 1 start.q1"]
    assert f"  start.q1.m2: {WRONG}" in lines


def test_a_learner_reads_only_their_own_row_and_a_token_without_the_scope_nothing(hub, checked):
    base, tokens = hub["base"], hub["tokens"]
    status, body = api(base, "/services/classroom/api/report", tokens["bob"])
    assert status == 200 and body["learners"] == ["bob"] and body["per_question"] == []
    assert "ana" not in json.dumps(body) and "cy" not in json.dumps(body)
    # The kernel's own token (the server role, extended with the classroom's scope) reads the same one row.
    status, shown = execute(hub, "bob", "import json, os, urllib.request\n"
                            "r = urllib.request.Request(os.environ['COURSE_CLASSROOM_URL'] + 'api/report', headers="
                            "{'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']})\n"
                            "print(json.load(urllib.request.urlopen(r, timeout=10))['learners'])")
    assert status == "ok" and shown.strip() == "['bob']"
    narrow = api(base, "/hub/api/users/bob/tokens", ADMIN_TOKEN, {"scopes": ["users:activity!user=bob"]})[1]["token"]
    assert api(base, "/services/classroom/api/report", narrow)[0] == 403
    assert api(base, "/services/classroom/api/events", narrow, {"question": "start.q1", "event": "hint"})[0] == 403


def test_checks_still_work_while_the_service_is_stopped(hub, checked):
    service = next(p for p in psutil.Process(hub["process"].pid).children(recursive=True)
                   if "classroom" in p.cmdline() and "course_tools.cli" in p.cmdline())
    progress = hub["root"] / "home" / "ana" / ".local" / "share" / "ds-vs-mle-course" / "progress.json"
    before = len(json.loads(progress.read_text())["attempts"])
    service.send_signal(signal.SIGSTOP)  # it accepts connections but never answers: the worst case
    try:
        status, shown = execute(hub, "ana", SETUP + "q1.check(len(load_clean()))\nq1.check(7)\nq1.hint()")
    finally:
        service.send_signal(signal.SIGCONT)
    assert status == "ok" and "Well done." in shown and "Hint 1 of 2" in shown
    assert len(json.loads(progress.read_text())["attempts"]) == before + 3
