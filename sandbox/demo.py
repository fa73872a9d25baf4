"""The README's first command (`make demo`): the connector's main job against the offline sandbox.

Starts the sandbox, runs the installed `source-freshdesk` command exactly as Airbyte would (a full
sync of every stream), applies a round of changes to the account, runs an incremental sync from the
saved state, and shows per stream what happened. Records land in output/: JSONL per stream and
sync, and a DuckDB file with one table per stream (the latest version of each record).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from sandbox import FreshdeskSandbox

STREAM_PATHS = [  # request path -> stream, most specific first
    (r"/tickets/\d+/conversations$", "conversations"),
    (r"/canned_response_folders/\d+/responses$", "canned_responses"),
    (r"/discussions/categories/\d+/forums$", "discussion_forums"),
    (r"/discussions/forums/\d+/topics$", "discussion_topics"),
    (r"/discussions/topics/\d+/comments$", "discussion_comments"),
    (r"/solutions/categories/\d+/folders$", "solution_folders"),
    (r"/solutions/folders/\d+/articles$", "solution_articles"),
    (r"/surveys/satisfaction_ratings$", "satisfaction_ratings"),
    (r"/settings/helpdesk$", "settings"),
    (r"/admin/skills$", "skills"),
    (r"/email/mailboxes$", "email_mailboxes"),
    (r"/discussions/categories$", "discussion_categories"),
    (r"/solutions/categories$", "solution_categories"),
    (r"/api/v2/(\w+)$", None),  # the stream is named like its path
]


def stream_of(path: str) -> str:
    for pattern, stream in STREAM_PATHS:
        match = re.search(pattern, path)
        if match:
            return stream or match.group(1)
    return path


def connector_command() -> str:
    found = shutil.which("source-freshdesk") or str(Path(sys.executable).parent / "source-freshdesk")
    return found


def run_sync(phase: str, out: Path, config: Path, catalog: Path, state: Path | None) -> dict:
    """Run `source-freshdesk read`; write records as JSONL; return counts, times and final state."""
    command = [connector_command(), "read", "--config", str(config), "--catalog", str(catalog)]
    if state:
        command += ["--state", str(state)]
    started = time.monotonic()
    with tempfile.TemporaryFile(mode="w+") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
        stdout = process.stdout.read()
        # wait4, not wait: it also reports the connector process's peak memory
        _, status, usage = os.wait4(process.pid, 0)
        returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        stderr_text = stderr.read()
    elapsed = time.monotonic() - started
    phase_dir = out / phase
    phase_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, object] = {}
    records, states, errors = Counter(), {}, []
    started_at, finished_at = {}, {}
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        message = json.loads(line)
        kind = message["type"]
        if kind == "RECORD":
            stream = message["record"]["stream"]
            if stream not in files:
                files[stream] = (phase_dir / f"{stream}.jsonl").open("w")
            files[stream].write(json.dumps(message["record"]["data"]) + "\n")
            records[stream] += 1
        elif kind == "STATE":
            states[message["state"]["stream"]["stream_descriptor"]["name"]] = message["state"]
        elif kind == "TRACE" and message["trace"]["type"] == "STREAM_STATUS":
            status = message["trace"]["stream_status"]
            name, at = status["stream_descriptor"]["name"], message["trace"]["emitted_at"]
            if status["status"] == "STARTED":
                started_at[name] = at
            elif status["status"] in ("COMPLETE", "INCOMPLETE"):
                finished_at[name] = at
        elif kind == "TRACE" and message["trace"]["type"] == "ERROR":
            errors.append(message["trace"]["error"]["message"])
    for handle in files.values():
        handle.close()
    if returncode != 0 or errors:
        sys.exit(f"{phase} sync failed (exit {returncode}): {errors or stderr_text[-2000:]}")
    seconds = {s: (finished_at[s] - started_at[s]) / 1000 for s in finished_at if s in started_at}
    return {
        "records": records,
        "states": list(states.values()),
        "seconds": seconds,
        "elapsed": elapsed,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def configured_catalog(config: Path, only: list[str] | None = None) -> tuple[dict, dict[str, str]]:
    """Discover the streams and configure each one incremental where it supports it; return the
    catalog and each stream's primary key."""
    discovered = subprocess.run(
        [connector_command(), "discover", "--config", str(config)], capture_output=True, text=True, check=True
    ).stdout
    message = next(json.loads(line) for line in discovered.splitlines() if '"CATALOG"' in line)
    streams = [s for s in message["catalog"]["streams"] if only is None or s["name"] in only]
    entries = []
    for s in streams:
        incremental = "incremental" in s["supported_sync_modes"]
        entries.append(
            {
                "stream": s,
                "sync_mode": "incremental" if incremental else "full_refresh",
                "destination_sync_mode": "append_dedup",
                "primary_key": s["source_defined_primary_key"],
                **({"cursor_field": s["default_cursor_field"]} if incremental else {}),
            }
        )
    return {"streams": entries}, {s["name"]: s["source_defined_primary_key"][0][0] for s in streams}


def requests_by_stream(sb: FreshdeskSandbox) -> Counter:
    return Counter(stream_of(r["path"]) for r in sb.requests)


def write_duckdb(out: Path, streams: list[str], primary_keys: dict[str, str]) -> Path | None:
    try:
        import duckdb
    except ImportError:
        return None
    path = out / "freshdesk.duckdb"
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as db:
        for stream in streams:
            files = [
                str(f) for phase in ("full", "incremental") if (f := out / phase / f"{stream}.jsonl").exists()
            ]
            if not files:
                continue
            key = primary_keys[stream]
            # Later files win: the incremental sync's version of a record replaces the full sync's.
            db.execute(
                f"""CREATE TABLE "{stream}" AS
                SELECT * EXCLUDE (_file_order, _row) FROM (
                  SELECT *, row_number() OVER () AS _row,
                         CASE WHEN filename LIKE '%incremental%' THEN 1 ELSE 0 END AS _file_order
                  FROM read_json_auto(?, union_by_name = true, filename = true, maximum_object_size = 100000000)
                ) QUALIFY row_number() OVER (PARTITION BY "{key}" ORDER BY _file_order DESC, _row DESC) = 1""",
                [files],
            )
            db.execute(f'ALTER TABLE "{stream}" DROP COLUMN filename')
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--out", default="output", type=Path)
    args = parser.parse_args()
    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)

    with FreshdeskSandbox(scale=args.scale, seed=42) as sb:
        (out / "config.json").write_text(json.dumps(sb.connector_config(), indent=2))
        catalog, primary_keys = configured_catalog(out / "config.json")
        (out / "catalog.json").write_text(json.dumps(catalog, indent=2))
        print(f"Sandbox: {sb.url} ({args.scale} account). Connector: {connector_command()}\n")

        full = run_sync("full", out, out / "config.json", out / "catalog.json", None)
        full_requests = requests_by_stream(sb)
        (out / "state.json").write_text(json.dumps(full["states"], indent=2))

        changes = sb.mutate(seed=1)
        print("Changes applied to the account between the syncs:")
        for name, value in changes.items():
            if isinstance(value, list) and value:
                print(f"  {name}: {len(value)}")
        sb.reset_request_log()
        incremental = run_sync(
            "incremental", out, out / "config.json", out / "catalog.json", out / "state.json"
        )
        incremental_requests = requests_by_stream(sb)
        (out / "state.json").write_text(json.dumps(incremental["states"], indent=2))

    names = sorted(primary_keys)
    print(
        f"\n{'stream':24} {'full: records':>14} {'requests':>9} {'seconds':>8}   {'incremental: records':>20} {'requests':>9} {'seconds':>8}"
    )
    totals = defaultdict(float)
    for name in names:
        row = (
            full["records"][name],
            full_requests[name],
            full["seconds"].get(name, 0.0),
            incremental["records"][name],
            incremental_requests[name],
            incremental["seconds"].get(name, 0.0),
        )
        for i, value in enumerate(row):
            totals[i] += value
        print(f"{name:24} {row[0]:>14} {row[1]:>9} {row[2]:>8.2f}   {row[3]:>20} {row[4]:>9} {row[5]:>8.2f}")
    print(
        f"{'total':24} {int(totals[0]):>14} {int(totals[1]):>9} {full['elapsed']:>8.2f}   "
        f"{int(totals[3]):>20} {int(totals[4]):>9} {incremental['elapsed']:>8.2f}   (wall-clock seconds)"
    )
    database = write_duckdb(out, names, primary_keys)
    print(f"\nRecords: {out}/full/*.jsonl and {out}/incremental/*.jsonl; state: {out}/state.json")
    if database:
        print(f"DuckDB:  {database} (one table per stream, latest version of each record), e.g.")
        print(
            f"         python -c \"import duckdb; print(duckdb.connect('{database}').sql('select status, count(*) from tickets group by 1'))\""
        )


if __name__ == "__main__":
    main()
