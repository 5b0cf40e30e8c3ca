"""The classroom web service, run by JupyterHub as a managed service (``course classroom``).

Routes under the service's prefix (``$JUPYTERHUB_SERVICE_PREFIX``, ``/services/classroom/``):

- ``GET ./``: the page (``view``), after the hub's OAuth login in a browser;
- ``GET ./api/report``: the report as JSON;
- ``POST ./api/events``: one event from a learner's kernel (``Authorization: token ...``), stored for the
  token's owner: a user is never a field of the body.

Every request is identified by the hub (``HubOAuth``) and must carry the classroom's access scope
(``access:services!service=classroom``), or it gets 403. Instructors (members of the instructors group,
or hub admins) see every learner; anyone else sees only their own row. Services cannot post events.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from urllib.parse import urlparse

from jupyterhub.services.auth import (
    HubOAuth,
    HubOAuthCallbackHandler,
    HubOAuthenticated,
)
from jupyterhub.utils import url_path_join
from tornado import web

from course_utils.classroom import report, view
from course_utils.classroom.events import InvalidEvent, Store, validate

DEFAULT_PREFIX = "/services/classroom/"
MAX_BODY = 4096


class _Handler(HubOAuthenticated, web.RequestHandler):
    def initialize(self, store: Store, hub_auth: HubOAuth, instructors_group: str, questions: list) -> None:
        self.store, self.hub_auth = store, hub_auth
        self.instructors_group, self.questions = instructors_group, questions

    def is_instructor(self, user: dict) -> bool:
        return bool(user.get("admin")) or self.instructors_group in user.get("groups", ())

    def visible_report(self, user: dict) -> report.Report:
        """The whole class for an instructor, the user's own row for anyone else."""
        if self.is_instructor(user):
            return report.build(self.store.events(), self.questions)
        return report.only(report.build(self.store.events(user["name"]), self.questions), user["name"])


class _ApiHandler(_Handler):
    """JSON in and out; no login redirect: a request the hub does not identify with the scope gets 403."""

    def prepare(self) -> None:
        if not self.current_user:
            raise web.HTTPError(403, "a hub token with access to the classroom service is needed")

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "application/json")
        exc = kwargs.get("exc_info", (None, None))[1]
        message = exc.log_message if isinstance(exc, web.HTTPError) and exc.log_message else self._reason
        self.finish(json.dumps({"error": message}))


class CallbackHandler(HubOAuthCallbackHandler):
    """Completes the hub's OAuth login with the application's own ``HubOAuth`` (which holds the login's state)."""

    def initialize(self, hub_auth: HubOAuth) -> None:
        self.hub_auth = hub_auth


class PageHandler(_Handler):
    @web.authenticated
    def get(self) -> None:
        user = self.current_user
        updated = datetime.now(UTC).strftime("%H:%M:%S UTC")
        self.write(view.page(self.visible_report(user), user["name"], self.is_instructor(user), updated))


class ReportHandler(_ApiHandler):
    def get(self) -> None:
        user = self.current_user
        self.write({"viewer": user["name"], "instructor": self.is_instructor(user),
                    **self.visible_report(user).to_json()})


class EventsHandler(_ApiHandler):
    def post(self) -> None:
        user = self.current_user
        if user.get("kind", "user") != "user":
            raise web.HTTPError(403, "only a hub user's token can send events")
        if len(self.request.body) > MAX_BODY:
            raise web.HTTPError(413, "an event is a few fields, not a payload")
        try:
            event = validate(json.loads(self.request.body), {q.id for q in self.questions})
        except ValueError as exc:  # bad JSON, or an event outside the allow-list (InvalidEvent)
            raise web.HTTPError(400, str(exc) if isinstance(exc, InvalidEvent) else "the body is not JSON") from None
        self.store.add(user["name"], event)
        self.set_status(204)


def make_app(store: Store, hub_auth: HubOAuth | None = None, instructors_group: str = "instructors",
             questions: list | None = None) -> web.Application:
    """The tornado application; ``hub_auth`` defaults to one configured from the hub's environment variables."""
    if questions is None:
        from course_utils.checks import all_questions

        questions = all_questions()
    hub_auth = hub_auth or HubOAuth.instance(cache_max_age=60)
    prefix = hub_auth.base_url if hub_auth.base_url != "/" else DEFAULT_PREFIX
    args = {"store": store, "hub_auth": hub_auth, "instructors_group": instructors_group, "questions": questions}
    return web.Application([
        (prefix, PageHandler, args),
        (url_path_join(prefix, "api/report"), ReportHandler, args),
        (url_path_join(prefix, "api/events"), EventsHandler, args),
        (url_path_join(prefix, "oauth_callback"), CallbackHandler, {"hub_auth": hub_auth}),
    ], cookie_secret=os.urandom(32))


def service_address() -> tuple[str, int]:
    """Where the hub says to listen (``$JUPYTERHUB_SERVICE_URL``); ``LookupError`` outside a hub."""
    url = os.environ.get("JUPYTERHUB_SERVICE_URL")
    if not url:
        raise LookupError("JUPYTERHUB_SERVICE_URL is not set: the classroom runs as a JupyterHub service "
                          "(see deploy/hub/classroom_config.py)")
    parsed = urlparse(url)
    return parsed.hostname or "127.0.0.1", parsed.port or 80


def serve(store: Store, instructors_group: str) -> None:
    """Listen at ``service_address()`` until stopped."""
    import asyncio

    host, port = service_address()
    app = make_app(store, instructors_group=instructors_group)

    async def main() -> None:
        app.listen(port, host, max_body_size=64 * 1024)
        await asyncio.Event().wait()

    asyncio.run(main())
