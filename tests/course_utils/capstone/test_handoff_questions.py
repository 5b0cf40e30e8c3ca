"""Are the hand-off review questions of 30_capstone_handoff graded three ways?"""

import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.capstone.handoff_questions import PLANTED, PROBLEM_CODES, REQUIRED_FIELDS, flawed_handoff


@pytest.mark.parametrize("qid", ["capstone.q1", "capstone.q2"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_an_empty_set_is_not_attempted():
    assert get("capstone.q1").grade(set()).status == NOT_ATTEMPTED


def test_q1_every_planted_problem_passes_as_a_set_or_a_list():
    q = get("capstone.q1")
    assert q.grade(set(PLANTED)).status == PASSED
    assert q.grade(sorted(PLANTED)).status == PASSED


def test_q1_the_planted_problems_are_really_in_the_handoff():
    card, meta = flawed_handoff()
    assert "feature_schema" not in meta and "library_versions" not in meta
    assert meta["metrics"]["evaluated_on"] == "training data" and "trained on" in card
    assert meta["artifact_file"].endswith(".pkl") and "artifact_sha256" not in meta
    assert "Limits" not in card and "intended" not in card.lower()


def test_q1_a_missed_problem_is_counted_and_hinted():
    outcome = get("capstone.q1").grade(PLANTED - {"metric_on_training_data"})
    assert outcome.status == INCORRECT
    assert "You found 6 of the 7" in outcome.message and "flatters it" in outcome.message


def test_q1_a_false_alarm_is_explained():
    outcome = get("capstone.q1").grade(set(PLANTED) | {"simple_model"})
    assert outcome.status == INCORRECT and "not a hand-off problem" in outcome.message
    contact = get("capstone.q1").grade({"no_contact"})
    assert "does name a contact" in contact.message


def test_q1_shape_problems_are_explained():
    q = get("capstone.q1")
    assert "not one string" in q.grade("no_limits").message
    assert "'bad_vibes' is not one of the codes" in q.grade({"bad_vibes"}).message
    assert "Expected a set of codes" in q.grade(3).message


def test_problem_codes_mix_planted_problems_and_decoys():
    assert PLANTED < set(PROBLEM_CODES) and len(PROBLEM_CODES) - len(PLANTED) == 3


def right(metadata):
    return [field for field in REQUIRED_FIELDS if not metadata.get(field)]


def test_q2_the_right_function_passes():
    assert get("capstone.q2").grade(right).status == PASSED


def test_q2_a_stub_is_not_attempted():
    def missing_fields(metadata):
        """Stub as the exercise ships it."""

    assert get("capstone.q2").grade(missing_fields).status == NOT_ATTEMPTED


def test_q2_returning_the_present_fields_is_wrong():
    outcome = get("capstone.q2").grade(lambda m: [f for f in REQUIRED_FIELDS if f in m])
    assert outcome.status == INCORRECT and "nothing missing" in outcome.message


def test_q2_ignoring_empty_values_is_explained():
    outcome = get("capstone.q2").grade(lambda m: [f for f in REQUIRED_FIELDS if f not in m])
    assert outcome.status == INCORRECT and "as useless as a missing one" in outcome.message


def test_q2_counting_extra_keys_is_explained():
    outcome = get("capstone.q2").grade(lambda m: right(m) + [k for k in m if k not in REQUIRED_FIELDS])
    assert outcome.status == INCORRECT and "do not count" in outcome.message


def test_the_flawed_metadata_names_the_model_features_and_lacks_four_required_fields():
    from course_utils.mle.model import FEATURES

    _, meta = flawed_handoff()
    assert meta["features"] == list(FEATURES)
    assert len(set(REQUIRED_FIELDS) - set(meta)) == 4
