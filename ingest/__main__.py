"""python -m ingest FILE [--json] [--chunks] : extract a file and print the result."""

from __future__ import annotations

import argparse
import json
import sys

from ingest import IngestError, Limits, chunk, extract, extract_isolated
from ingest.document import Document


def _summary(document: Document) -> str:
    lines = [
        f"type: {document.file_type}   pages: {document.pages}   language: {document.language}   "
        f"elements: {len(document.elements)}   paragraphs: {len(document.paragraphs)}",
        "sections:",
    ]
    for s in document.sections:
        lines.append(f"  {'  ' * max(s.level - 1, 0)}{(s.label or '-'):>8}  {s.title[:90]}  (p. {s.page})")
    lines.append("paragraphs:")
    for p in document.paragraphs:
        label = p.label or "-"
        lines.append(f"  {label:>12}  #{p.anchor:<16} p.{p.page}  [{p.section or ''}]  {p.text[:80]!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print the Document as JSON")
    parser.add_argument("--chunks", action="store_true", help="with --json: add retrieval chunks")
    parser.add_argument("--max-bytes", type=int, default=Limits.max_bytes)
    parser.add_argument("--max-pages", type=int, default=Limits.max_pages)
    parser.add_argument("--max-paragraphs", type=int, default=Limits.max_paragraphs)
    parser.add_argument("--max-chars", type=int, default=Limits.max_chars)
    parser.add_argument("--timeout", type=float, default=Limits.timeout_seconds, help="seconds (isolated run)")
    parser.add_argument("--max-memory", type=int, default=Limits.max_memory_bytes, help="bytes (isolated run)")
    parser.add_argument("--in-process", action="store_true",
                        help="no child process: no time or memory limit (debugging only)")
    args = parser.parse_args(argv)
    limits = Limits(max_bytes=args.max_bytes, max_pages=args.max_pages, max_paragraphs=args.max_paragraphs,
                    max_chars=args.max_chars, timeout_seconds=args.timeout, max_memory_bytes=args.max_memory)
    # The same child process, time and memory limits as the CMS worker (cms.records.extraction), by default.
    run = extract if args.in_process else extract_isolated
    try:
        document = run(args.file, limits=limits)
    except IngestError as exc:
        if args.json:
            print(json.dumps({"error": exc.to_dict()}, ensure_ascii=False))
        else:
            print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    if args.json:
        data = document.to_dict()
        if args.chunks:
            data["chunks"] = [c.to_dict() for c in chunk(document)]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_summary(document))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
