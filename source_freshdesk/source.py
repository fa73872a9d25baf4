"""The Freshdesk source: the declarative manifest, with the stream schemas attached."""

import json
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from airbyte_cdk.models import AirbyteStateMessage, ConfiguredAirbyteCatalog
from airbyte_cdk.sources.declarative.parsers.custom_code_compiler import SDM_COMPONENTS_MODULE_NAME
from airbyte_cdk.sources.declarative.yaml_declarative_source import YamlDeclarativeSource
from airbyte_cdk.utils.yaml_loader import safe_load_yaml

from source_freshdesk import components

# The manifest names its custom classes `source_declarative_manifest.components.<Class>`, the
# module under which the Connector Builder and the source-declarative-manifest runner load a
# connector's components.py; the packaged source provides that module itself.
sys.modules.setdefault(SDM_COMPONENTS_MODULE_NAME, components)


def resource_root() -> Path:
    """Where manifest.yaml and schemas/ live: inside the installed wheel, or the repository root
    when the package is imported from a source checkout (editable install). Never the working
    directory, so a stray manifest.yaml next to the user cannot replace the connector."""
    package_dir = Path(str(resources.files("source_freshdesk")))
    if (package_dir / "manifest.yaml").is_file():
        return package_dir
    return package_dir.parent


def load_manifest() -> dict[str, Any]:
    """The manifest with each stream's JSON schema attached as an inline schema loader.

    The schemas stay one JSON file per stream under schemas/; the manifest file itself names no
    schema loader, so the Connector Builder and the source-declarative-manifest runner load it
    unchanged (they fall back to an empty schema there)."""
    root = resource_root()
    manifest = safe_load_yaml((root / "manifest.yaml").read_text())
    for name, stream in manifest["definitions"]["streams"].items():
        schema = json.loads((root / "schemas" / f"{name}.json").read_text())
        stream["schema_loader"] = {"type": "InlineSchemaLoader", "schema": schema}
    return manifest


class SourceFreshdesk(YamlDeclarativeSource):
    def __init__(
        self,
        catalog: ConfiguredAirbyteCatalog | None = None,
        config: Mapping[str, Any] | None = None,
        state: list[AirbyteStateMessage] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            path_to_yaml=str(resource_root() / "manifest.yaml"),
            catalog=catalog,
            config=config,
            state=state,
            **kwargs,
        )

    def _read_and_parse_yaml_file(self, path_to_yaml_file: str) -> dict[str, Any]:
        return load_manifest()
