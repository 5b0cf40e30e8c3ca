"""One shape for every error the churn service sends: ``{"detail": [{field, message}, ...], "more_problems": n}``.

The status says what kind of problem it is:

- 400: the body is empty or is not JSON at all;
- 413: the body is over the route's limit (``observability.Observability`` refuses it);
- 415: the body is not declared as JSON (``Content-Type: application/json``);
- 422: the JSON is well formed but a field is missing, extra, of the wrong type or out of range;
- 404, 405, 503 and any other: FastAPI's ``HTTPException``, reshaped.

At most ``MAX_PROBLEMS`` problems are listed and the rest counted: a batch of 10,000 bad rows has
190,000 problems, and listing them all made a 17 MB answer. No answer echoes the rejected input,
which may hold customer data.

``parse_batch`` is the batch endpoint's parser. It runs in a worker thread, not on the event loop, and
validates a few hundred rows at a time, so the interpreter can switch to the event loop between chunks:
``/livez`` keeps answering while a huge invalid batch is checked.
"""

from __future__ import annotations

import email.message
import json

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from course_utils.mle.schemas import EXAMPLE, MAX_BATCH_ROWS, MAX_PROBLEMS, CustomerBatch

CHUNK_ROWS = 200  # rows validated per step: a few ms even when every value is wrong


class Refusal(Exception):
    """A request refused with ``status`` and a list of ``{field, message}`` problems (``more`` not listed)."""

    def __init__(self, status: int, problems: list[dict], more: int = 0) -> None:
        super().__init__(problems[0]["message"] if problems else str(status))
        self.status, self.problems, self.more = status, problems, more


def response(status: int, problems: list[dict], more: int = 0, headers: dict | None = None) -> JSONResponse:
    """The JSON error answer; problems past ``MAX_PROBLEMS`` are only counted."""
    listed = problems[:MAX_PROBLEMS]
    return JSONResponse({"detail": listed, "more_problems": more + len(problems) - len(listed)},
                        status_code=status, headers=headers)


def field_name(loc: tuple) -> str:
    """``("body", "tenure", 3)`` -> ``tenure[3]``: the field, then the row of a batch."""
    parts = [str(p) for p in loc if p != "body"]
    name = ".".join(p for p in parts if not p.isdigit()) or "body"
    return name + "".join(f"[{p}]" for p in parts if p.isdigit())


def problems_of(errors, row_offset: int = 0) -> list[dict]:
    """pydantic's errors as ``{field, message}``, rows shifted by ``row_offset`` (a chunk's first row)."""
    shifted = (tuple(p + row_offset if isinstance(p, int) else p for p in e["loc"]) for e in errors)
    return [{"field": field_name(loc), "message": e["msg"]} for loc, e in zip(shifted, errors)]


def is_json(content_type: str | None) -> bool:
    """Is this Content-Type JSON (``application/json`` or ``application/*+json``), as FastAPI decides?"""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


def check_body(empty: bool, content_type: str | None) -> None:
    """Refuse an empty body (400) or one not declared as JSON (415)."""
    if empty:
        raise Refusal(400, [{"field": "body", "message": "The body is empty; send the customer as a JSON object."}])
    if not is_json(content_type):
        raise Refusal(415, [{"field": "body", "message": f"The body must be JSON (Content-Type: application/json), "
                                                         f"not {content_type or 'undeclared'}."}])


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's validation errors as 400, 415 or 422 (see the module docstring)."""
    errors = exc.errors()
    empty = [(e["type"], tuple(e["loc"])) for e in errors] == [("missing", ("body",))]  # no body at all
    try:
        check_body(empty, request.headers.get("content-type"))
    except Refusal as refusal:
        return response(refusal.status, refusal.problems)
    if any(e["type"] == "json_invalid" for e in errors):
        reason = errors[0].get("ctx", {}).get("error", "")
        return response(400, [{"field": "body", "message": f"The body is not valid JSON ({reason})."}])
    return response(422, problems_of(errors))


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """An ``HTTPException`` (404, 405, 503...) in the one error shape, its headers kept (405's Allow)."""
    problems = exc.detail if isinstance(exc.detail, list) else [{"field": "request", "message": str(exc.detail)}]
    return response(exc.status_code, problems, headers=getattr(exc, "headers", None))


async def refusal(request: Request, exc: Refusal) -> JSONResponse:
    return response(exc.status, exc.problems, exc.more)


def _is_well_shaped(data) -> bool:
    """Exactly the features, each a list, all as long, 1 to MAX_BATCH_ROWS rows: then only values can be wrong."""
    if not isinstance(data, dict) or data.keys() != EXAMPLE.keys() or not all(type(v) is list for v in data.values()):
        return False
    lengths = {len(v) for v in data.values()}
    return len(lengths) == 1 and 1 <= lengths.pop() <= MAX_BATCH_ROWS


def _first_problems(data: dict, start: int, wanted: int) -> list[dict]:
    """The first ``wanted`` problems from row ``start`` on, a few rows at a time: ``errors()`` of a whole
    chunk builds thousands of dicts (hundreds of ms holding the interpreter) to keep twenty."""
    found: list[dict] = []
    for row in range(start, min(start + CHUNK_ROWS, len(data["gender"])), 2):
        try:
            CustomerBatch.model_validate({k: v[row:row + 2] for k, v in data.items()})
        except ValidationError as exc:
            found += problems_of(exc.errors(include_input=False)[:wanted - len(found)], row)
        if len(found) >= wanted:
            break
    return found


def parse_batch(body: bytes, content_type: str | None) -> CustomerBatch:
    """The validated batch in ``body``, or a ``Refusal`` (400, 415 or 422) listing at most ``MAX_PROBLEMS``."""
    check_body(not body, content_type)
    try:
        data = json.loads(body)
    except ValueError as exc:  # JSONDecodeError, or bytes that are not UTF-8
        raise Refusal(400, [{"field": "body", "message": f"The body is not valid JSON ({exc})."}]) from None
    if not _is_well_shaped(data):
        # Which key, type or length is wrong: checked with placeholder values, which are quick to validate.
        probe = {k: [EXAMPLE[k]] * len(v) if k in EXAMPLE and type(v) is list else v for k, v in data.items()} \
            if isinstance(data, dict) else data
        try:
            CustomerBatch.model_validate(probe)
        except ValidationError as exc:
            raise Refusal(422, problems_of(exc.errors(include_input=False)[:MAX_PROBLEMS]),
                          max(0, exc.error_count() - MAX_PROBLEMS)) from None
    columns: dict[str, list] = {name: [] for name in data}
    listed: list[dict] = []
    total = 0
    for start in range(0, len(data["gender"]), CHUNK_ROWS):
        try:
            chunk = CustomerBatch.model_validate({k: v[start:start + CHUNK_ROWS] for k, v in data.items()})
        except ValidationError as exc:
            total += exc.error_count()
            if len(listed) < MAX_PROBLEMS:
                listed += _first_problems(data, start, MAX_PROBLEMS - len(listed))
            continue
        if not total:
            for name, values in columns.items():
                values.extend(getattr(chunk, name))
    if total:
        raise Refusal(422, listed, total - len(listed))
    return CustomerBatch.model_construct(**columns)
