"""Benchmark: a full sync, a round of changes and an incremental sync against the sandbox.

Reports requests, records, requests per record, records per second and the connector process's
peak memory. Numbers come from this machine; compare ratios between runs, not seconds between
machines. Usage: python -m benchmarks.sync_benchmark [--scale large] [--latency 0.0]
"""

import argparse
import json
import tempfile
from pathlib import Path

from sandbox import FreshdeskSandbox
from sandbox.demo import configured_catalog, connector_command, requests_by_stream, run_sync


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="large", choices=["small", "medium", "large"])
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds the sandbox adds to each response"
    )
    parser.add_argument("--streams", default="tickets,conversations,contacts,companies,agents")
    args = parser.parse_args()
    streams = args.streams.split(",")
    results = {}
    with tempfile.TemporaryDirectory() as tmp, FreshdeskSandbox(scale=args.scale, latency=args.latency) as sb:
        out = Path(tmp)
        (out / "config.json").write_text(json.dumps(sb.connector_config()))
        catalog, _ = configured_catalog(out / "config.json", only=streams)
        (out / "catalog.json").write_text(json.dumps(catalog))
        for phase in ("full", "incremental"):
            state = out / "state.json" if phase == "incremental" else None
            sync = run_sync(phase, out, out / "config.json", out / "catalog.json", state)
            (out / "state.json").write_text(json.dumps(sync["states"]))
            requests = requests_by_stream(sb)
            records = sum(sync["records"].values())
            results[phase] = {
                "records": records,
                "requests": sum(requests.values()),
                "requests_per_record": round(sum(requests.values()) / max(records, 1), 4),
                "records_per_second": round(records / sync["elapsed"], 1),
                "seconds": round(sync["elapsed"], 2),
                "connector_peak_rss_mb": round(sync["peak_rss_mb"], 1),
                "by_stream": {s: {"records": sync["records"][s], "requests": requests[s]} for s in streams},
            }
            if phase == "full":
                results["changes"] = {k: len(v) for k, v in sb.mutate(seed=1).items() if isinstance(v, list)}
                sb.reset_request_log()
    print(
        json.dumps(
            {"scale": args.scale, "latency": args.latency, "connector": connector_command(), **results},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
