"""The manifest, unchanged, in the CDK's `source-declarative-manifest` runner (what Airbyte's
manifest-only image runs), with components.py passed the way that runner takes it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from airbyte_cdk.models import ConfiguredAirbyteCatalogSerializer, SyncMode

from unit_tests.integration.builders import catalog

ROOT = Path(__file__).resolve().parents[2]


def test_runner_reads_tickets_and_agents_from_the_sandbox(small_sandbox, tmp_path):
    (tmp_path / "config.json").write_text(json.dumps(small_sandbox.connector_config()))
    cat = catalog("tickets", "agents", sync_mode=SyncMode.incremental)
    (tmp_path / "catalog.json").write_text(json.dumps(ConfiguredAirbyteCatalogSerializer.dump(cat)))
    runner = Path(sys.executable).parent / "source-declarative-manifest"
    result = subprocess.run(
        [str(runner), "read", "--config", "config.json", "--catalog", "catalog.json"]
        + ["--manifest-path", str(ROOT / "manifest.yaml")]
        + ["--components-path", str(ROOT / "source_freshdesk" / "components.py")],
        cwd=tmp_path,
        env={**os.environ, "AIRBYTE_ENABLE_UNSAFE_CODE": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    errors = [
        m["trace"]["error"]["message"]
        for m in messages
        if m["type"] == "TRACE" and m["trace"]["type"] == "ERROR"
    ]
    assert result.returncode == 0 and not errors, errors or result.stderr[-2000:]
    got = {}
    for m in messages:
        if m["type"] == "RECORD":
            got.setdefault(m["record"]["stream"], set()).add(m["record"]["data"]["id"])
    truth = small_sandbox.ground_truth()
    assert got["tickets"] == {t["id"] for t in truth["tickets"]}
    assert got["agents"] == {a["id"] for a in truth["agents"]}
