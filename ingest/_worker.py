"""Child side of extract_isolated(): one request on stdin, one JSON reply line on stdout."""

from __future__ import annotations

import json
import sys

from ingest import IngestError, Limits, extract


def main() -> int:
    request = json.loads(sys.stdin.read())
    try:
        document = extract(request["path"], filename=request["filename"], limits=Limits(**request["limits"]))
    except IngestError as exc:
        reply: dict = {"error": exc.to_dict()}
    else:
        reply = {"document": document.to_dict()}
    sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
