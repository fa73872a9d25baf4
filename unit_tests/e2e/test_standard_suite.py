"""The CDK's standard connector tests (`airbyte_cdk.test.standard_tests`) against the offline sandbox.

The suite takes its scenarios from `acceptance-test-config.yml` at the connector root, which it
finds by walking up from this file to the first directory holding `metadata.yaml`, `manifest.yaml`
or `acceptance-test-config.yml`: the repository root. Its configs are files, so the sandbox they
point at must listen on a fixed port: `integration_tests/sandbox_config.json` and
`invalid_config.json` name 127.0.0.1:18765, and this module starts the sandbox there. Everything
that needs that port lives in this one file, so `pytest -n 2 --dist loadfile` never runs two users
of the port at once.

The module also runs what the standard tests leave out: the future-state read of CAT's
`incremental` section, with `integration_tests/abnormal_state.json`.
"""

import functools
import json
import logging
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import AirbyteStateMessageSerializer, ConfiguredAirbyteCatalogSerializer, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder, ConfiguredAirbyteStreamBuilder
from airbyte_cdk.test.entrypoint_wrapper import discover, read
from airbyte_cdk.test.models import ConnectorTestScenario
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

# `pytest_plugins = ["airbyte_cdk.test.standard_tests.pytest_hooks"]` cannot go in
# unit_tests/e2e/conftest.py: pytest refuses `pytest_plugins` in a conftest below the rootdir
# ("Defining 'pytest_plugins' in a non-top-level conftest is no longer supported") as soon as the
# plain `pytest` command collects it. The suite needs only the hook that parametrizes `scenario`
# and the fixtures of the image tests, so they are taken into this module instead: pytest calls a
# test module's own `pytest_generate_tests`, and collects the fixtures a module imports.
from airbyte_cdk.test.standard_tests.pytest_hooks import (  # noqa: F401
    pytest_generate_tests,
    read_from_streams,
    read_scenarios,
)

from sandbox import FreshdeskSandbox
from source_freshdesk import SourceFreshdesk

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION_TESTS = ROOT / "integration_tests"
SANDBOX_PORT = 18765
SANDBOX_CONFIG = INTEGRATION_TESTS / "sandbox_config.json"
FUTURE = "2121-11-01T00:00:00Z"


def _start_sandbox_on_fixed_port(wait_seconds: float = 30.0) -> FreshdeskSandbox:
    """Start the sandbox on SANDBOX_PORT; if another run of this module holds it, wait for it."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return FreshdeskSandbox(scale="small", seed=42, port=SANDBOX_PORT).start()
        except OSError as error:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"127.0.0.1:{SANDBOX_PORT} stayed busy for {wait_seconds:.0f} s; the standard suite's "
                    "configs (integration_tests/*.json) point the connector at that port."
                ) from error
            time.sleep(0.5)


@pytest.fixture(scope="module", autouse=True)
def fixed_port_sandbox():
    sb = _start_sandbox_on_fixed_port()
    try:
        config = json.loads(SANDBOX_CONFIG.read_text())
        assert config["local_sandbox_url"] == sb.url, "sandbox_config.json must point at the fixed port"
        assert config["api_key"] == sb.api_key
        yield sb
    finally:
        sb.stop()


@functools.cache
def _why_image_tests_cannot_run() -> str | None:
    """The image tests build and run `airbyte/source-freshdesk` with Docker. The CDK skips them only
    when there is no `docker` CLI at all; this machine (like many CI runners) has the CLI but no
    daemon, where they would fail on the build instead. They also build the image from
    metadata.yaml, which this repository does not have."""
    if shutil.which("docker") is None:
        return None  # The CDK's own `skipif` reports this case.
    try:
        info = subprocess.run(
            ["docker", "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"the docker daemon did not answer `docker info` ({error})"
    if info.returncode != 0:
        detail = (info.stderr or info.stdout).strip().splitlines()
        return f"no docker daemon answers `docker info` ({detail[-1] if detail else info.returncode})"
    if not (ROOT / "metadata.yaml").is_file():
        return "the connector image is built from metadata.yaml, which this repository does not have"
    return None


@pytest.fixture(autouse=True)
def _skip_image_tests_without_docker_daemon(request):
    # Done here rather than with `-m "not image_tests"` so that the project's plain `pytest`
    # command passes: the docker image tests of the suite are skipped, with the reason, unless a
    # daemon can build the image.
    if request.node.get_closest_marker("image_tests") is not None:
        reason = _why_image_tests_cannot_run()
        if reason:
            pytest.skip(f"docker image test skipped: {reason}")


# The image tests' fixtures, normally from the pytest_hooks plugin's command-line options. Without
# the plugin the options are not registered, so read them with a default.
@pytest.fixture
def connector_image_override(request) -> str | None:
    return request.config.getoption("--connector-image", default=None)


@pytest.fixture
def connector_base_image_override(request) -> str | None:
    return request.config.getoption("--connector-base-image", default=None)


class TestFreshdeskStandardSuite(SourceTestSuiteBase):
    """spec, check, config-matches-spec, discover, basic read (schema-validated) and the bad-catalog
    read, in-process against the package's `SourceFreshdesk`.

    The package's class, not `DeclarativeSourceTestSuite`: the declarative suite builds a bare
    `ConcurrentDeclarativeSource` from `<root>/manifest.yaml`, which names no schema loaders (the
    package attaches schemas/<stream>.json), so its `discover` reports `{}` as the schema of all 30
    streams and the basic read's schema validation would check nothing. It would also leave the
    shipped `SourceFreshdesk` untested.
    """

    # By default the suite imports `<module>.<Class>` named after the connector directory, which is
    # the checkout's directory (`main`) here, and names the connector after it in its messages.
    connector = SourceFreshdesk
    connector_name = "source-freshdesk"

    @classmethod
    def create_connector(cls, scenario: ConnectorTestScenario | None) -> SourceFreshdesk:
        """The suite's default calls `connector()` with no arguments. The concurrent declarative
        source reads with the config it was constructed with and ignores the one that `check`,
        `discover` and `read` are given, so construct it with the scenario's config, as the console
        entry point (source_freshdesk/run.py) does."""
        config = (
            scenario.get_config_dict(connector_root=cls.get_connector_root_dir(), empty_if_missing=True)
            if scenario is not None
            else None
        )
        return SourceFreshdesk(config=config or None)


def test_the_suite_runs_at_the_repository_root():
    assert TestFreshdeskStandardSuite.get_connector_root_dir() == ROOT
    scenarios = {scenario.id: scenario for scenario in TestFreshdeskStandardSuite.get_scenarios()}
    assert set(scenarios) == {"sandbox_config", "invalid_config", "sample_config"}
    assert scenarios["sandbox_config"].commands == {"check", "discover", "read"}
    assert scenarios["invalid_config"].commands == {"spec", "check"}
    assert scenarios["invalid_config"].status == "failed"
    assert scenarios["sandbox_config"].validate_schema


def test_invalid_config_fails_check_because_of_the_api_key(fixed_port_sandbox):
    """The standard test only asserts a FAILED status; make sure it is the key the sandbox refused."""
    config = json.loads((INTEGRATION_TESTS / "invalid_config.json").read_text())
    assert config["local_sandbox_url"] == fixed_port_sandbox.url
    fixed_port_sandbox.reset_request_log()
    status = SourceFreshdesk(config=config).check(logging.getLogger("test"), config)
    assert status.status.name == "FAILED"
    assert "401" in status.message and "api_key" in status.message
    assert [r["status"] for r in fixed_port_sandbox.requests] == [401]


def test_configured_catalog_lists_every_stream_in_full_refresh():
    catalog = ConfiguredAirbyteCatalogSerializer.load(
        json.loads((INTEGRATION_TESTS / "configured_catalog.json").read_text())
    )
    config = json.loads(SANDBOX_CONFIG.read_text())
    discovered = discover(SourceFreshdesk(config=config), config).catalog.catalog.streams
    assert sorted(s.stream.name for s in catalog.streams) == sorted(s.name for s in discovered)
    assert len(catalog.streams) == 30
    assert {s.sync_mode for s in catalog.streams} == {SyncMode.full_refresh}
    # The basic read validates records against these: they must be the real schemas.
    assert all(s.json_schema.get("properties") for s in discovered)


# ---------------------------------------------------------------- future state (CAT `incremental`)


def _incremental_catalog(config: dict[str, Any]):
    streams = discover(SourceFreshdesk(config=config), config).catalog.catalog.streams
    builder = CatalogBuilder()
    for stream in streams:
        if SyncMode.incremental in stream.supported_sync_modes:
            builder.with_stream(
                ConfiguredAirbyteStreamBuilder()
                .with_name(stream.name)
                .with_sync_mode(SyncMode.incremental)
                .with_json_schema(stream.json_schema)
                .with_primary_key(stream.source_defined_primary_key or [])
            )
    return builder.build()


def _abnormal_state() -> list[dict[str, Any]]:
    return json.loads((INTEGRATION_TESTS / "abnormal_state.json").read_text())


def _shape(value: Any, key: str | None = None) -> Any:
    """A state's structure: its keys, partitions and value types, not its timestamps."""
    if key == "partition":
        return value
    if isinstance(value, dict):
        return {k: _shape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_shape(v) for v in value), key=json.dumps)
    return type(value).__name__


def test_abnormal_state_has_the_shape_a_real_sync_emits():
    """abnormal_state.json holds one state per incremental stream, shaped as an incremental read
    emits it: a cursor value for the plain streams, a state per partition (and a global one) for
    tickets and contacts, a global cursor for the child streams, with the parent's state for
    conversations."""
    config = json.loads(SANDBOX_CONFIG.read_text())
    catalog = _incremental_catalog(config)
    output = read(SourceFreshdesk(config=config, catalog=catalog), config, catalog)
    assert not output.errors
    emitted = {}
    for message in output.state_messages:
        stream_state = message.state.stream
        emitted[stream_state.stream_descriptor.name] = AirbyteStateMessageSerializer.dump(message.state)[
            "stream"
        ]["stream_state"]

    abnormal = {
        s["stream"]["stream_descriptor"]["name"]: s["stream"]["stream_state"] for s in _abnormal_state()
    }
    assert all(s["type"] == "STREAM" for s in _abnormal_state())
    assert sorted(abnormal) == sorted(s.stream.name for s in catalog.streams) == sorted(emitted)
    assert len(abnormal) == 28  # every stream but settings and discussion_forums (no cursor)
    for name, state in abnormal.items():
        assert _shape(state) == _shape(emitted[name]), name
    assert abnormal["tickets"]["states"][0] == {
        "partition": {"ticket_filter": "all"},
        "cursor": {"updated_at": FUTURE},
    }
    assert abnormal["conversations"]["parent_state"]["tickets"] == abnormal["tickets"]
    cursor_values = json.dumps(list(abnormal.values()))
    assert cursor_values.count('"updated_at": "') == cursor_values.count(f'"updated_at": "{FUTURE}"')


def test_read_with_abnormal_state_returns_no_records():
    """CAT's future-state test: with every cursor far in the future, an incremental read emits no
    records and fails nothing."""
    config = json.loads(SANDBOX_CONFIG.read_text())
    catalog = _incremental_catalog(config)
    state = [AirbyteStateMessageSerializer.load(s) for s in _abnormal_state()]
    output = read(SourceFreshdesk(config=config, catalog=catalog, state=state), config, catalog, state)
    assert not output.errors
    assert Counter(r.record.stream for r in output.records) == Counter()
    assert {m.state.stream.stream_descriptor.name for m in output.state_messages} >= {"tickets", "contacts"}
