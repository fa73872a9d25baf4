"""The Connector Builder's handler running the repository's manifest.yaml, as uploaded, against the sandbox.

The Builder loads the manifest file as it is (no schema loaders, no package) and runs it as an
untrusted manifest: `create_source` builds a `ConcurrentDeclarativeSource` with
`custom_components_trusted=False`, so the tickets stream's two custom components
(source_freshdesk/components.py, given to the Builder as the connector's components.py and named
`source_declarative_manifest.components.<Class>` in the manifest) need
`AIRBYTE_ENABLE_UNSAFE_CODE=true`, which only self-managed Airbyte can set. The calls below are those of `airbyte_cdk.connector_builder.main.handle_request`,
minus the argument files; one test runs that module itself as a subprocess.
"""

import copy
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from airbyte_cdk.connector_builder.connector_builder_handler import create_source, get_limits
from airbyte_cdk.connector_builder.main import handle_connector_builder_request
from airbyte_cdk.models import AirbyteMessageSerializer, ConfiguredAirbyteCatalogSerializer
from airbyte_cdk.sources.declarative.parsers.custom_code_compiler import AirbyteCustomCodeNotPermittedError
from airbyte_cdk.test.catalog_builder import CatalogBuilder, ConfiguredAirbyteStreamBuilder

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "manifest.yaml").read_text())
COMPONENTS_PY = (ROOT / "source_freshdesk" / "components.py").read_text()
# The Builder sends the components' text with its checksum, and the CDK refuses text without one.
INJECTED_COMPONENTS = {
    "__injected_components_py": COMPONENTS_PY,
    "__injected_components_py_checksums": {"md5": hashlib.md5(COMPONENTS_PY.encode()).hexdigest()},
}
STREAMS = [
    MANIFEST["definitions"]["streams"][ref["$ref"].rsplit("/", 1)[-1]]["$parameters"]["name"]
    for ref in MANIFEST["streams"]
]
UNSAFE_CODE = "AIRBYTE_ENABLE_UNSAFE_CODE"

# Small test-read limits keep each read to a request or a few; the Builder's defaults are 5 pages
# per slice, 5 slices and 100 records.
TEST_READ_LIMITS = {"max_records": 10, "max_pages_per_slice": 1, "max_slices": 2}

# Tickets are read in yearly slices from `start_date`, or from 2010-01-01 without one, so within a
# couple of slices only a start date near the data finds tickets (and conversations, whose parent
# is tickets). In the Builder, a user would set it among the testing values.
TICKET_SLICED_STREAMS = {"tickets", "conversations"}


@pytest.fixture(scope="module")
def ticket_start_date(small_sandbox) -> str:
    first = min(ticket["updated_at"] for ticket in small_sandbox.ground_truth()["tickets"])
    return first[:10] + "T00:00:00Z"


def builder_request(
    sb,
    command: str,
    stream: str | None = None,
    *,
    manifest: dict[str, Any] | None = None,
    with_components: bool = True,
    **config_overrides: Any,
) -> dict[str, Any]:
    """One Builder request, as `main.handle_request` makes it, serialized as it would be printed."""
    config = {
        **sb.connector_config(**config_overrides),
        # create_source writes `concurrency_level` into the manifest: give it a copy.
        "__injected_declarative_manifest": copy.deepcopy(manifest or MANIFEST),
        "__command": command,
        "__test_read_config": TEST_READ_LIMITS,
    }
    if with_components:  # what the Builder sends when the connector has a components.py
        config.update(INJECTED_COMPONENTS)
    catalog = (
        CatalogBuilder().with_stream(ConfiguredAirbyteStreamBuilder().with_name(stream)).build()
        if stream
        else None
    )
    limits = get_limits(config)
    source = create_source(config=config, limits=limits, catalog=catalog, state=[])
    message = handle_connector_builder_request(source, command, config, catalog, [], limits)
    return AirbyteMessageSerializer.dump(message)


def records_of(stream_read: dict[str, Any]) -> list[dict[str, Any]]:
    return [record for s in stream_read["slices"] for page in s["pages"] for record in page["records"]]


def test_manifest_has_30_streams():
    assert len(STREAMS) == len(set(STREAMS)) == 30
    assert set(STREAMS) == {p.stem for p in (ROOT / "schemas").glob("*.json")}


def test_resolve_manifest_returns_every_stream(small_sandbox, monkeypatch):
    # Resolving builds no stream, so it needs no custom code permission.
    monkeypatch.delenv(UNSAFE_CODE, raising=False)
    message = builder_request(small_sandbox, "resolve_manifest", with_components=False)
    assert message["type"] == "RECORD", message
    assert message["record"]["stream"] == "resolve_manifest"
    resolved = message["record"]["data"]["manifest"]
    assert [stream["name"] for stream in resolved["streams"]] == STREAMS
    # References are resolved: every stream carries its own retriever and requester.
    for stream in resolved["streams"]:
        assert stream["retriever"]["requester"]["type"] == "HttpRequester"
        assert "$ref" not in json.dumps(stream)
    tickets = next(s for s in resolved["streams"] if s["name"] == "tickets")
    assert (
        tickets["retriever"]["paginator"]["pagination_strategy"]["class_name"]
        == "source_declarative_manifest.components.TicketPages"
    )


@pytest.mark.parametrize("stream", STREAMS)
def test_test_read_returns_records_for_every_stream(small_sandbox, ticket_start_date, monkeypatch, stream):
    monkeypatch.setenv(UNSAFE_CODE, "true")
    overrides = {"start_date": ticket_start_date} if stream in TICKET_SLICED_STREAMS else {}
    message = builder_request(small_sandbox, "test_read", stream, **overrides)
    assert message["type"] == "RECORD", message["trace"]["error"]["message"][-2000:]
    stream_read = message["record"]["data"]
    errors = [log["message"] for log in stream_read["logs"] if log["level"] in ("ERROR", "FATAL")]
    assert not errors
    records = records_of(stream_read)
    assert records, f"test_read of {stream} returned no records"
    # They are the sandbox's records.
    expected = small_sandbox.ground_truth()[stream]
    if "id" in expected[0]:
        assert {r["id"] for r in records} <= {r["id"] for r in expected}
    else:
        assert records[0] == expected[0]


@pytest.mark.parametrize("stream", ["agents", "tickets"])
def test_without_unsafe_code_no_stream_can_be_test_read(small_sandbox, monkeypatch, stream):
    """Without AIRBYTE_ENABLE_UNSAFE_CODE (Airbyte Cloud), a connector with a components.py cannot
    be test-read at all, not even a pure-YAML stream like agents: the Builder refuses the
    components before it builds any stream."""
    monkeypatch.delenv(UNSAFE_CODE, raising=False)
    with pytest.raises(AirbyteCustomCodeNotPermittedError, match=UNSAFE_CODE):
        builder_request(small_sandbox, "test_read", stream)


def test_without_the_ticket_streams_agents_reads_without_unsafe_code(small_sandbox, monkeypatch):
    """The cause of the failure above: the same manifest without tickets and conversations (the
    only streams that build the custom components) test-reads agents without the permission."""
    monkeypatch.delenv(UNSAFE_CODE, raising=False)
    manifest = copy.deepcopy(MANIFEST)
    manifest["streams"] = [
        ref for ref in manifest["streams"] if ref["$ref"].rsplit("/", 1)[-1] not in TICKET_SLICED_STREAMS
    ]
    message = builder_request(small_sandbox, "test_read", "agents", manifest=manifest, with_components=False)
    assert message["type"] == "RECORD"
    assert records_of(message["record"]["data"])


def test_builder_main_module_reads_a_stream(small_sandbox, tmp_path):
    """`python -m airbyte_cdk.connector_builder.main read --config ... --catalog ...`, as the
    Builder's server runs it: one JSON line with the stream read."""
    config = {
        **small_sandbox.connector_config(),
        "__injected_declarative_manifest": MANIFEST,
        **INJECTED_COMPONENTS,
        "__command": "test_read",
        "__test_read_config": TEST_READ_LIMITS,
    }
    catalog = CatalogBuilder().with_stream(ConfiguredAirbyteStreamBuilder().with_name("agents")).build()
    (tmp_path / "cfg.json").write_text(json.dumps(config))
    (tmp_path / "cat.json").write_text(json.dumps(ConfiguredAirbyteCatalogSerializer.dump(catalog)))
    # No PYTHONPATH to the repository: the components come from the injected components.py text.
    env = {**os.environ, UNSAFE_CODE: "true"}
    result = subprocess.run(
        [sys.executable, "-m", "airbyte_cdk.connector_builder.main", "read"]
        + ["--config", str(tmp_path / "cfg.json"), "--catalog", str(tmp_path / "cat.json")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    reads = [m for m in messages if m["type"] == "RECORD"]
    assert len(reads) == 1, result.stdout[-2000:]
    assert reads[0]["record"]["stream"] == "agents"
    agents = records_of(reads[0]["record"]["data"])
    assert {a["id"] for a in agents} == {a["id"] for a in small_sandbox.ground_truth()["agents"]}
