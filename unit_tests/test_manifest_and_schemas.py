"""The manifest is valid for the CDK, and every stream's schema matches what the API returns."""

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from airbyte_cdk.sources.declarative.parsers.manifest_component_transformer import (
    ManifestComponentTransformer,
)
from airbyte_cdk.sources.declarative.parsers.manifest_reference_resolver import ManifestReferenceResolver

from source_freshdesk.source import load_manifest, resource_root
from unit_tests.integration.builders import ALL_STREAMS, RESPONSES

ROOT = Path(__file__).parent.parent


def declarative_schema() -> dict:
    text = (
        resources.files("airbyte_cdk.sources.declarative")
        .joinpath("declarative_component_schema.yaml")
        .read_text()
    )
    return yaml.safe_load(text)


@pytest.mark.parametrize("manifest", ["as shipped", "with schemas attached"])
def test_manifest_validates_against_the_cdk_declarative_schema(manifest):
    raw = (
        yaml.safe_load((ROOT / "manifest.yaml").read_text()) if manifest == "as shipped" else load_manifest()
    )
    resolved = ManifestReferenceResolver().preprocess_manifest(raw)
    propagated = ManifestComponentTransformer().propagate_types_and_parameters("", resolved, {})
    errors = list(jsonschema.Draft7Validator(declarative_schema()).iter_errors(propagated))
    assert not errors, jsonschema.exceptions.best_match(errors).message


def test_there_is_one_schema_and_one_sample_response_per_stream():
    assert sorted(p.stem for p in (ROOT / "schemas").glob("*.json")) == ALL_STREAMS
    assert sorted(p.stem for p in RESPONSES.glob("*.json")) == ALL_STREAMS


@pytest.mark.parametrize("stream", ALL_STREAMS)
def test_recorded_responses_validate_against_the_stream_schema(stream):
    schema = json.loads((ROOT / "schemas" / f"{stream}.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    body = json.loads((RESPONSES / f"{stream}.json").read_text())
    for record in body if isinstance(body, list) else [body]:
        jsonschema.validate(record, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("stream", ALL_STREAMS)
def test_ids_are_integers_and_custom_fields_an_object(stream):
    properties = json.loads((ROOT / "schemas" / f"{stream}.json").read_text())["properties"]
    for name, field in properties.items():
        if name == "id" or (
            name.endswith("_id") and name not in {"facebook_id", "twitter_id", "unique_external_id"}
        ):
            assert "integer" in field["type"], (stream, name)
    if "custom_fields" in properties:
        assert "object" in properties["custom_fields"]["type"]


def test_the_source_reads_its_own_manifest_not_one_in_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "manifest.yaml").write_text("version: 0.0.0\ntype: DeclarativeSource\nstreams: []\n")
    monkeypatch.chdir(tmp_path)
    assert resource_root() != tmp_path
    assert sorted(load_manifest()["definitions"]["streams"]) == ALL_STREAMS
