"""``python -m sandbox``: run the Freshdesk sandbox in the foreground."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time

from .server import FreshdeskSandbox


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sandbox", description="Offline Freshdesk API v2 emulator")
    ap.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--page-limit", type=int, default=300, help="max page of GET /tickets")
    ap.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    ap.add_argument(
        "--rate-limit",
        type=str,
        default=None,
        help='JSON, e.g. \'{"total": 200, "tickets_list": 20, "contacts_list": 20}\'',
    )
    args = ap.parse_args(argv)
    sb = FreshdeskSandbox(
        scale=args.scale,
        seed=args.seed,
        page_limit=args.page_limit,
        latency=args.latency,
        rate_limit=json.loads(args.rate_limit) if args.rate_limit else None,
        port=args.port,
    )
    t0 = time.perf_counter()
    sb.start()
    print(f"Freshdesk sandbox ({args.scale}, seed {args.seed}) listening on {sb.url}", flush=True)
    print(f"  API base:      {sb.url}/api/v2", flush=True)
    print(f"  admin API key: {sb.api_key}   (HTTP Basic user; any password)", flush=True)
    print(f"  agent API key: {sb.agent_api_key}", flush=True)
    _ = sb.account
    print(f"  data ready in {time.perf_counter() - t0:.2f}s; Ctrl-C to stop", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    sb.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
