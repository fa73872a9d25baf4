"""spec, check and discover: what a user sees before the first sync."""

import logging

import jsonschema
import pytest
import requests_mock
from airbyte_cdk.models import Status, SyncMode
from airbyte_cdk.test.entrypoint_wrapper import discover
from airbyte_cdk.test.mock_http import HttpMocker

from source_freshdesk import SourceFreshdesk
from unit_tests.integration.builders import (
    ALL_STREAMS,
    API_KEY,
    CHILDREN,
    FULL_REFRESH_ONLY,
    config,
    error,
    record,
    request,
    response,
)


def check(cfg):
    return SourceFreshdesk(config=cfg).check(logger=logging.getLogger("test"), config=cfg)


def spec() -> dict:
    return SourceFreshdesk().spec(logger=None).connectionSpecification


def spec_accepts(cfg: dict) -> bool:
    """Whether the config passes the spec, formats included (as Airbyte's UI checks them)."""
    validator = jsonschema.Draft7Validator(spec(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return validator.is_valid(cfg)


def test_spec_is_valid_json_schema_and_documents_every_field():
    schema = spec()
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["required"] == ["domain", "api_key"]
    orders = []
    for name, field in schema["properties"].items():
        assert field["title"] and field["description"] and field["examples"], name
        orders.append(field["order"])
    assert sorted(orders) == list(range(len(orders)))
    assert schema["properties"]["api_key"]["airbyte_secret"] is True


@pytest.mark.parametrize(
    "domain",
    ["acme.freshdesk.com", "https://acme.freshdesk.com/", "ACME.Freshdesk.com", " acme.freshdesk.com/ "],
)
def test_domain_accepts_what_people_paste_and_requests_the_normalised_url(domain):
    assert spec_accepts(config(domain=domain))
    with HttpMocker() as http:
        http.get(request("settings/helpdesk"), response(record("settings")))
        result = check(config(domain=domain))
    assert result.status == Status.SUCCEEDED


@pytest.mark.parametrize(
    "domain",
    [
        "acme",
        "acme.zendesk.com",
        "https://acme.freshdesk.com/api/v2",
        "evil.com/x.freshdesk.com",
        "acme.freshdesk.com@evil.com",
    ],
)
def test_domain_rejects_anything_but_a_freshdesk_domain(domain):
    assert not spec_accepts(config(domain=domain))


@pytest.mark.parametrize(
    "field, value, valid",
    [
        # start_date: a date or a UTC timestamp
        ("start_date", "2024-01-01", True),
        ("start_date", "2024-01-01T00:00:00Z", True),
        ("start_date", "2024-01-01 00:00", False),
        ("start_date", "01/02/2024", False),
        # the sandbox URL: plain HTTP on loopback only, so the key never leaves the machine through it
        ("local_sandbox_url", "http://127.0.0.1:8765", True),
        ("local_sandbox_url", "http://localhost:8765/", True),
        ("local_sandbox_url", "http://10.0.0.5:8765", False),
        ("local_sandbox_url", "https://example.com", False),
        ("local_sandbox_url", "http://127.0.0.1.evil.com:80", False),
    ],
)
def test_optional_fields_accept_only_their_documented_forms(field, value, valid):
    assert spec_accepts(config(**{field: value})) is valid


def test_check_succeeds_with_a_key_that_can_read_the_account():
    with HttpMocker() as http:
        http.get(request("settings/helpdesk"), response(record("settings")))
        result = check(config())
    assert result.status == Status.SUCCEEDED


@pytest.mark.parametrize(
    "status, body, expected",
    [
        (
            401,
            {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."},
            "api_key",
        ),
        (403, {"code": "access_denied", "message": "You are not authorized to perform this action."}, "403"),
        (404, None, "`domain`"),
    ],
)
def test_check_fails_with_an_actionable_message(status, body, expected):
    with HttpMocker() as http:
        http.get(request("settings/helpdesk"), error(status, body))
        result = check(config())
    assert result.status == Status.FAILED
    assert expected in result.message
    assert API_KEY not in result.message


def test_discover_lists_all_thirty_streams_with_their_sync_modes():
    output = discover(SourceFreshdesk(config=config()), config())
    streams = {s.name: s for s in output.catalog.catalog.streams}
    assert sorted(streams) == ALL_STREAMS and len(streams) == 30
    for name, stream in streams.items():
        modes = set(stream.supported_sync_modes)
        if name in FULL_REFRESH_ONLY:
            assert modes == {SyncMode.full_refresh}, name
        else:
            assert modes == {SyncMode.full_refresh, SyncMode.incremental}, name
            assert stream.default_cursor_field == ["updated_at"], name
        assert stream.json_schema["properties"], name
    assert streams["settings"].source_defined_primary_key == [["primary_language"]]
    assert all(streams[name].source_defined_primary_key == [["id"]] for name in CHILDREN)


@pytest.mark.parametrize(
    "overrides",
    [
        {"domain": "evil.example/x.freshdesk.com"},
        {"domain": "acme.freshdesk.com.evil.example"},
        {"local_sandbox_url": "http://10.0.0.5:8765"},
    ],
)
def test_a_config_that_skipped_validation_still_sends_the_key_nowhere(overrides):
    """The entrypoint validates configs against the spec, but embedded uses (the Builder, a
    library call like this one) may not: the manifest applies the same patterns, and a bad value
    yields a URL without a host, so the request fails before it is sent anywhere."""
    with requests_mock.Mocker() as anywhere:
        anywhere.register_uri(requests_mock.ANY, requests_mock.ANY, json={})  # would answer any host
        result = check(config(**overrides))
    assert anywhere.request_history == []
    assert result.status == Status.FAILED
