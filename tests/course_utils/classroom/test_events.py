"""Does the classroom store accept only the allow-listed fields of real question and mistake ids, keep
events in order per user, sit in a file only its owner can read, and refuse a file that is not a store?"""

import stat

import pytest

from course_utils.classroom import events

KNOWN = {"start.q1", "ds_eda.q2"}


@pytest.mark.parametrize("body", [
    {"question": "start.q1", "event": "check", "status": "passed", "mistake": None},
    {"question": "start.q1", "event": "check", "status": "incorrect", "mistake": "start.q1.m2"},
    {"question": "start.q1", "event": "check", "status": "incorrect", "mistake": "start.q1.rounding"},
    {"question": "ds_eda.q2", "event": "check", "status": "not_attempted"},
    {"question": "ds_eda.q2", "event": "hint"},
    {"question": "ds_eda.q2", "event": "solution"},
])
def test_an_event_of_the_course_passes_with_exactly_its_four_fields(body):
    assert events.validate(body, KNOWN) == {"mistake": None, "status": None, **body}


@pytest.mark.parametrize("body, field", [
    ({"question": "start.q1", "event": "check", "status": "incorrect", "answer": "7032"}, "answer"),
    ({"question": "start.q1", "event": "check", "status": "passed", "user": "bob"}, "user"),
    ({"question": "my secret text", "event": "hint"}, "question"),
    ({"question": "start.q1", "event": "peek"}, "event"),
    ({"question": "start.q1", "event": "check", "status": "maybe"}, "status"),
    ({"question": "start.q1", "event": "hint", "status": "passed"}, "status"),
    ({"question": "start.q1", "event": "check", "status": "incorrect", "mistake": "start.q1.customer 7590"}, "mistake"),
    ({"question": "start.q1", "event": "check", "status": "incorrect", "mistake": "ds_eda.q2.m0"}, "mistake"),
    ({"question": "start.q1", "event": "check", "status": "passed", "mistake": "start.q1.m0"}, "mistake"),
    (["start.q1", "check"], "object"),
])
def test_anything_outside_the_allow_list_is_refused_without_echoing_its_value(body, field):
    with pytest.raises(events.InvalidEvent) as caught:
        events.validate(body, KNOWN)
    assert field in str(caught.value)
    assert "7032" not in str(caught.value) and "7590" not in str(caught.value)


def test_events_come_back_in_order_per_user_from_a_private_file(tmp_path):
    path = tmp_path / "state" / "classroom.sqlite"
    store = events.Store(path)
    store.add("ana", {"question": "start.q1", "event": "hint"}, when="2026-12-02T10:00:00+00:00")
    store.add("bob", {"question": "start.q1", "event": "check", "status": "passed"}, when="2026-12-02T10:00:01+00:00")
    store.add("ana", {"question": "start.q1", "event": "check", "status": "incorrect", "mistake": "start.q1.m2"},
              when="2026-12-02T10:00:02+00:00")
    store.close()
    again = events.open_existing(path)
    assert [(e.user, e.event, e.mistake) for e in again.events()] == [
        ("ana", "hint", None), ("bob", "check", None), ("ana", "check", "start.q1.m2")]
    assert [e.time for e in again.events("ana")] == ["2026-12-02T10:00:00+00:00", "2026-12-02T10:00:02+00:00"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_that_is_not_a_store_or_is_missing_is_one_sentence(tmp_path):
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"not a database at all" * 100)
    with pytest.raises(events.StoreError, match="is not a classroom store"):
        events.Store(corrupt)
    with pytest.raises(events.StoreError, match="there is no classroom store"):
        events.open_existing(tmp_path / "missing.sqlite")
    assert corrupt.read_bytes() == b"not a database at all" * 100
