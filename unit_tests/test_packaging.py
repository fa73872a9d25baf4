"""The wheel ships the manifest and the schemas, and its entry point runs from them."""

import subprocess
import sys
import zipfile
from pathlib import Path

from unit_tests.integration.builders import ALL_STREAMS


def test_wheel_contains_the_manifest_and_every_schema(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            ".",
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("source_freshdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "source_freshdesk/manifest.yaml" in names
    assert {f"source_freshdesk/schemas/{s}.json" for s in ALL_STREAMS} <= names
    entry_points = (
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    )
    assert "source-freshdesk = source_freshdesk.run:run" in entry_points


def test_console_entry_point_prints_the_spec():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "source-freshdesk"), "spec"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"type":"SPEC"' in result.stdout.replace(" ", "")
