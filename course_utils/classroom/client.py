"""The kernel's side: hand each check event to the classroom service without ever making a check wait.

Events go out only inside a hub that runs the service: when ``$COURSE_CLASSROOM_URL`` (the service as the
kernel reaches it, set by the hub's config) and ``$JUPYTERHUB_API_TOKEN`` (the server's token, which
names the learner) are both set. ``send`` only puts the event on a bounded queue; one daemon thread
posts it with a short timeout. A full queue, a service that is down or slow, or any error drops the
event: the learner's own progress file already has it.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import threading
import urllib.request

URL_ENV = "COURSE_CLASSROOM_URL"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
TIMEOUT_SECONDS = 1.0
QUEUE_SIZE = 100

_queue: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
_worker: threading.Thread | None = None
_lock = threading.Lock()


def target() -> tuple[str, str] | None:
    """The events URL and the token to send with, or ``None`` outside a hub with the classroom service."""
    url, token = os.environ.get(URL_ENV), os.environ.get(TOKEN_ENV)
    if not url or not token:
        return None
    return url.rstrip("/") + "/api/events", token


def send(question: str, event: str, status: str | None = None, mistake: str | None = None) -> bool:
    """Queue one event for the service; returns at once, ``True`` if it was queued (never raises)."""
    where = target()
    if where is None:
        return False
    body = {"question": question, "event": event, "status": status, "mistake": mistake}
    try:
        _queue.put_nowait((where, json.dumps(body).encode()))
    except queue.Full:  # the service has not answered for a while: drop rather than grow
        return False
    _ensure_worker()
    return True


def _ensure_worker() -> None:
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="course-classroom-sender", daemon=True)
            _worker.start()


def _run() -> None:
    while True:
        (url, token), body = _queue.get()
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Authorization": f"token {token}", "Content-Type": "application/json"})
        # Any failure drops the event: the progress file has it.
        with contextlib.suppress(Exception):
            urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS).close()
        _queue.task_done()
