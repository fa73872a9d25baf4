"""Failures: a clear message, and nothing lost."""

import base64

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.builders import (
    API_KEY,
    FULL_HISTORY_START,
    as_emitted,
    emitted,
    error,
    ids,
    list_request,
    log_messages,
    read_streams,
    records,
    request,
    response,
    trace_errors,
)

FEATURE_MISSING = {
    "code": "require_feature",
    "message": "The Surveys feature(s) is/are not supported in your plan. Please upgrade your account to use it.",
}
NOT_ADMIN = {"code": "access_denied", "message": "You are not authorized to perform this action."}


@pytest.mark.parametrize("body", [FEATURE_MISSING, NOT_ADMIN])
def test_a_stream_the_plan_or_role_cannot_read_is_skipped_with_a_warning_and_the_sync_goes_on(body):
    with HttpMocker() as http:
        http.get(list_request("surveys"), error(403, body))
        http.get(list_request("agents"), response(records("agents")))
        output = read_streams("surveys", "agents")
    assert not output.errors
    assert emitted(output) == [as_emitted(r) for r in records("agents")]
    skipped = [m for m in log_messages(output) if "Skipping stream 'surveys'" in m]
    assert len(skipped) == 1 and body["message"] in skipped[0]


def test_a_wrong_api_key_fails_the_sync_as_a_config_error_without_echoing_the_key():
    with HttpMocker() as http:
        http.get(
            list_request("agents"),
            error(401, {"code": "invalid_credentials", "message": "You have to be logged in."}),
        )
        output = read_streams("agents", expecting_exception=True)
    failure = trace_errors(output)[0]
    assert failure.failure_type == FailureType.config_error
    assert "`api_key`" in failure.message
    everything_said = " ".join(str(m) for m in output.logs + output.errors)
    assert API_KEY not in everything_said
    assert base64.b64encode(f"{API_KEY}:X".encode()).decode() not in everything_said


def test_a_bad_request_fails_with_the_field_and_message_freshdesk_gave():
    body = {
        "description": "Validation failed",
        "errors": [
            {
                "field": "created_since",
                "message": "It should be a valid date in the 'combined date and time ISO8601' format",
                "code": "invalid_value",
            }
        ],
    }
    with HttpMocker() as http:
        http.get(
            list_request("surveys/satisfaction_ratings", created_since=FULL_HISTORY_START),
            error(400, body),
        )
        output = read_streams("satisfaction_ratings", expecting_exception=True)
    failure = trace_errors(output)[0]
    assert "created_since: It should be a valid date" in failure.message


def test_rate_limited_requests_wait_for_retry_after_and_lose_nothing(fake_clock):
    with HttpMocker() as http:
        http.get(
            list_request("agents"),
            [
                error(
                    429,
                    {"message": "You have exceeded the limit of requests per minute"},
                    {"Retry-After": "17"},
                ),
                response(records("agents")),
            ],
        )
        output = read_streams("agents")
    assert ids(emitted(output)) == ids(records("agents"))
    assert any(17 <= s <= 18 for s in fake_clock), fake_clock


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_with_backoff(fake_clock, status):
    with HttpMocker() as http:
        http.get(list_request("groups"), [error(status), error(status), response(records("groups"))])
        output = read_streams("groups")
    assert ids(emitted(output)) == ids(records("groups"))
    assert not output.errors


def test_server_errors_that_never_end_fail_the_sync_after_bounded_retries(fake_clock):
    with HttpMocker() as http:
        http.get(list_request("groups"), error(503))
        output = read_streams("groups", expecting_exception=True)
    assert trace_errors(output)
    assert 1 <= len([s for s in fake_clock if s >= 1]) <= 9


def test_unknown_domain_404_names_the_domain_field():
    with HttpMocker() as http:
        http.get(request("settings/helpdesk"), error(404))
        output = read_streams("settings", expecting_exception=True)
    failure = trace_errors(output)[0]
    assert failure.failure_type == FailureType.config_error and "`domain`" in failure.message
