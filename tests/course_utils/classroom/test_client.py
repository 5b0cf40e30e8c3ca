"""Does a check send its event to the classroom service only on a hub with the service, with exactly the
allow-listed fields and the kernel's token, never make the check wait for a service that does not answer,
and send nothing for an autograder?"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from course_utils import progress
from course_utils.checks import COUNT, Mistake, ValueQuestion, graded
from course_utils.classroom import client

Q = ValueQuestion(id="les.q1", prompt="", expected=10, tolerance=COUNT, hints=["Count them."],
                  mistakes=[Mistake(11, "One too many.")])


class FakeService(ThreadingHTTPServer):
    """Records each request; answers only once ``gate`` is set."""

    daemon_threads = True

    def __init__(self):
        self.received, self.gate, self.arrived = [], threading.Event(), threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):
                body = json.loads(handler.rfile.read(int(handler.headers["Content-Length"])))
                self.received.append((handler.path, handler.headers["Authorization"], body))
                self.arrived.set()
                self.gate.wait(30)
                handler.send_response(204)
                handler.end_headers()

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def service(monkeypatch, tmp_path):
    """A fake service the checks send to, in a kernel that is neither graded nor strict (whatever ran before)."""
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    monkeypatch.delenv(graded.STRICT_ENV, raising=False)
    monkeypatch.delenv(graded.GRADED_ENV, raising=False)
    server = FakeService()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(client.URL_ENV, f"http://127.0.0.1:{server.server_address[1]}/services/classroom/")
    monkeypatch.setenv(client.TOKEN_ENV, "kernel-token")
    yield server
    server.gate.set()
    server.shutdown()
    server.server_close()
    client._queue.join()


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def test_checks_hints_and_solutions_arrive_with_the_kernels_token_and_no_answer(service):
    service.gate.set()
    Q.check(11)
    Q.check(10)
    Q.hint()
    Q.solution()
    assert wait_for(lambda: len(service.received) == 4)
    assert {(path, auth) for path, auth, _ in service.received} == {("/services/classroom/api/events",
                                                                      "token kernel-token")}
    assert [body for _, _, body in service.received] == [
        {"question": "les.q1", "event": "check", "status": "incorrect", "mistake": "les.q1.m0"},
        {"question": "les.q1", "event": "check", "status": "passed", "mistake": None},
        {"question": "les.q1", "event": "hint", "status": None, "mistake": None},
        {"question": "les.q1", "event": "solution", "status": None, "mistake": None},
    ]


@pytest.mark.parametrize("unset", [client.URL_ENV, client.TOKEN_ENV])
def test_outside_a_hub_with_the_service_nothing_is_sent_and_the_progress_file_still_records(service, monkeypatch,
                                                                                            unset):
    monkeypatch.delenv(unset)
    service.gate.set()
    Q.check(11)
    assert client.send("les.q1", "hint") is False
    client._queue.join()
    assert service.received == []
    assert [a["mistake"] for a in progress.load().attempts] == ["les.q1.m0"]


def test_a_check_returns_while_the_service_never_answers(service):
    # The service holds every request until the end of the test: each check must return regardless.
    for _ in range(client.QUEUE_SIZE + 20):
        Q.check(11)
    assert service.arrived.wait(10)
    assert not service.gate.is_set()
    assert len(progress.load().attempts) == client.QUEUE_SIZE + 20
    # A full queue drops the newest events rather than growing.
    assert client._queue.qsize() <= client.QUEUE_SIZE


def test_an_autograder_sends_nothing(service, monkeypatch):
    monkeypatch.setenv(graded.STRICT_ENV, "1")
    service.gate.set()
    Q.check(10)
    client._queue.join()
    assert service.received == []
