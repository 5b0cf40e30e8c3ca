"""Does the classroom service, with the hub's token checks in front (a stand-in resolves tokens instead of a
hub), store a learner's events under the token's owner only, refuse a token without the classroom's scope
or a body with any field beyond the allow-list, and show a learner only their own row while instructors
and admins see the class?"""

import asyncio
import copy
import json
import threading
import urllib.error
import urllib.request

import pytest
from jupyterhub.services.auth import HubOAuth

from course_utils.checks import COUNT, Mistake, ValueQuestion
from course_utils.classroom import app
from course_utils.classroom.events import Store
from course_utils.mle.bench import free_port

SCOPE = "access:services!service=classroom"
PREFIX = "/services/classroom/"
QUESTIONS = [ValueQuestion(id="les.q1", prompt="", expected=10, tolerance=COUNT,
                           mistakes=[Mistake(11, "That is eleven, one too many.")]),
             ValueQuestion(id="les.q2", prompt="", expected=2)]


def user(name, scopes=(SCOPE,), groups=(), admin=False, kind="user"):
    return {"kind": kind, "name": name, "admin": admin, "groups": list(groups), "scopes": list(scopes)}


TOKENS = {
    "t-ana": user("ana"), "t-bob": user("bob"), "t-eve": user("<eve>"),
    "t-teacher": user("teacher", groups=["instructors"]), "t-admin": user("root", admin=True),
    "t-noscope": user("ana", scopes=["read:users:name!user=ana"]),
    "t-service": user("other-service", kind="service"),
}


class StandInHub(HubOAuth):
    """HubOAuth with every check of the real class, but tokens resolved from TOKENS instead of by a hub."""

    def user_for_token(self, token, use_cache=True, session_id="", *, sync=True):
        model = copy.deepcopy(TOKENS.get(token))
        if sync:
            return model

        async def resolved():
            return model
        return resolved()


@pytest.fixture
def service(tmp_path):
    store = Store(tmp_path / "classroom.sqlite")
    hub = StandInHub(api_url="http://127.0.0.1:9/hub/api/", api_token="service-token", base_url=PREFIX,
                     oauth_client_id="service-classroom", access_scopes={SCOPE})
    application = app.make_app(store, hub, questions=QUESTIONS)
    port, started, loop, servers = free_port(), threading.Event(), asyncio.new_event_loop(), []

    def run():
        asyncio.set_event_loop(loop)
        servers.append(application.listen(port, "127.0.0.1"))
        loop.call_soon(started.set)
        loop.run_forever()

    async def shutdown():
        servers[0].stop()
        await servers[0].close_all_connections()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(10)
    yield f"http://127.0.0.1:{port}{PREFIX}", store
    asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()
    # HubAuth answers tornado's synchronous get_current_user from an event loop in a thread of its own.
    hub._pool.submit(hub._thread_loop.close).result()
    hub._pool.shutdown()
    store.close()


def call(url, token=None, body=None):
    """(status, parsed JSON or text) of a GET, or of a POST when ``body`` is given."""
    headers = {"Authorization": f"token {token}"} if token else {}
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            status, raw, kind = response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        with exc:
            status, raw, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
    return status, json.loads(raw) if raw and "json" in kind else raw.decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def send(base, token, **event):
    return call(base + "api/events", token, event)[0]


def test_events_are_stored_for_the_tokens_owner_and_instructors_see_the_class(service):
    base, store = service
    assert send(base, "t-ana", question="les.q1", event="check", status="incorrect", mistake="les.q1.m0") == 204
    assert send(base, "t-ana", question="les.q1", event="check", status="passed") == 204
    assert send(base, "t-bob", question="les.q2", event="hint") == 204
    assert [(e.user, e.question, e.event, e.status, e.mistake) for e in store.events()] == [
        ("ana", "les.q1", "check", "incorrect", "les.q1.m0"), ("ana", "les.q1", "check", "passed", None),
        ("bob", "les.q2", "hint", None, None)]
    for token in ("t-teacher", "t-admin"):
        status, body = call(base + "api/report", token)
        assert status == 200 and body["instructor"] is True
        assert body["learners"] == ["ana", "bob"]
        assert body["states"] == {"ana": {"les.q1": "passed", "les.q2": "not started"},
                                  "bob": {"les.q1": "not started", "les.q2": "trying"}}
        q1 = body["per_question"][0]
        assert (q1["passed"], q1["learners"], q1["median_attempts"]) == (1, 2, 2)
        assert q1["mistakes"] == [{"id": "les.q1.m0", "count": 1, "message": "That is eleven, one too many."}]


def test_a_learner_reads_only_their_own_row(service):
    base, _ = service
    send(base, "t-ana", question="les.q1", event="check", status="incorrect", mistake="les.q1.m0")
    send(base, "t-bob", question="les.q2", event="check", status="passed")
    status, body = call(base + "api/report", "t-bob")
    assert status == 200 and body["instructor"] is False
    assert body["learners"] == ["bob"] and body["per_question"] == []
    assert "ana" not in json.dumps(body) and "les.q1" not in json.dumps(body)
    status, page = call(base, "t-bob")
    assert status == 200 and "bob" in page and "ana" not in page and "les.q1" not in page


@pytest.mark.parametrize("token", [None, "t-unknown", "t-noscope"])
def test_no_token_an_unknown_one_or_one_without_the_scope_gets_403(service, token):
    base, store = service
    assert call(base + "api/report", token)[0] == 403
    assert send(base, token, question="les.q1", event="hint") == 403
    assert store.events() == []


def test_a_service_token_cannot_post_events(service):
    base, store = service
    assert send(base, "t-service", question="les.q1", event="hint") == 403
    assert store.events() == []


@pytest.mark.parametrize("event", [
    {"question": "les.q1", "event": "check", "status": "incorrect", "answer": 11},
    {"question": "les.q1", "event": "check", "status": "passed", "user": "bob"},
    {"question": "les.q9", "event": "hint"},
    {"question": "les.q1", "event": "check", "status": "incorrect", "mistake": "les.q1.my own words"},
])
def test_a_body_beyond_the_allow_list_is_refused_and_nothing_stored(service, event):
    base, store = service
    status, body = call(base + "api/events", "t-ana", event)
    assert status == 400 and "error" in body
    assert store.events() == []


def test_the_page_escapes_names_and_an_anonymous_browser_is_sent_to_the_hubs_login(service):
    base, _ = service
    send(base, "t-eve", question="les.q1", event="check", status="passed")
    status, page = call(base, "t-teacher")
    assert status == 200 and "&lt;eve&gt;" in page and "<eve>" not in page
    assert page.count('class="cell"') == 1 and 'http-equiv="refresh"' in page
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.build_opener(NoRedirect).open(base, timeout=10)
    caught.value.close()
    assert caught.value.code == 302 and "/hub/api/oauth2/authorize?" in caught.value.headers["Location"]
