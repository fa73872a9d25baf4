"""The `source-freshdesk` console entry point: spec, check, discover, read."""

import sys

from airbyte_cdk.entrypoint import AirbyteEntrypoint, launch

from source_freshdesk.source import SourceFreshdesk


def run() -> None:
    args = sys.argv[1:]
    # The concurrent framework needs config, catalog and state at construction time.
    parsed = AirbyteEntrypoint.parse_args(args)
    config_path = getattr(parsed, "config", None)
    catalog_path = getattr(parsed, "catalog", None)
    state_path = getattr(parsed, "state", None)
    source = SourceFreshdesk(
        config=SourceFreshdesk.read_config(config_path) if config_path else None,
        catalog=SourceFreshdesk.read_catalog(catalog_path) if catalog_path else None,
        state=SourceFreshdesk.read_state(state_path) if state_path else None,
    )
    launch(source, args)


if __name__ == "__main__":
    run()
