"""Benchmark ingest.extract on generated multi-page CBD-like PDFs and DOCX files.

Prints pages/s, MB/s and peak memory for ingest (unstructured "fast" + CBD structure), against baselines measured
in the same run: raw pypdf and raw pdfminer text extraction for PDF, raw python-docx paragraph text for DOCX.
Goal: >= 10 PDF pages/s on the 2-core machine.

    .venv/bin/python bench/bench_ingest.py [--pages 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ingest")]

from ingest_builders import SAMPLES, build_docx, build_pdf  # noqa: E402

from ingest import extract  # noqa: E402


def best_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdfminer_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def report(name: str, seconds: float, pages: int, size: int, baseline: float | None) -> None:
    ratio = f"  x{seconds / baseline:5.2f} of baseline time" if baseline else ""
    rate = f"{pages / seconds:8.1f} pages/s  {size / seconds / 1e6:6.2f} MB/s"
    print(f"  {name:<28} {seconds * 1000:8.0f} ms  {rate}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    extract(build_docx(SAMPLES["en"]), filename="warm.docx")  # imports and first-use costs out of the timings
    rss_after_warmup = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    for lang in ("en", "zh"):
        pdf = build_pdf(SAMPLES[lang], pages=args.pages)
        document = extract(pdf, filename="d.pdf")
        assert document.pages == args.pages and len(document.paragraphs) > args.pages * 10
        print(f"PDF {lang}: {args.pages} pages, {len(pdf) / 1e6:.2f} MB, {len(document.paragraphs)} paragraphs")
        base_pypdf = best_time(lambda pdf=pdf: pypdf_text(pdf), args.repeat)
        base_miner = best_time(lambda pdf=pdf: pdfminer_text(pdf), args.repeat)
        ours = best_time(lambda pdf=pdf: extract(pdf, filename="d.pdf"), args.repeat)
        report("baseline pypdf text", base_pypdf, args.pages, len(pdf), None)
        report("baseline pdfminer text", base_miner, args.pages, len(pdf), None)
        report("ingest.extract", ours, args.pages, len(pdf), base_miner)

    docx_pages = args.pages
    data = build_docx(SAMPLES["en"], filler_pages=docx_pages - 2)
    document = extract(data, filename="d.docx")
    print(f"DOCX en: {document.pages} pages, {len(data) / 1e6:.2f} MB, {len(document.paragraphs)} paragraphs")
    base = best_time(lambda: docx_text(data), args.repeat)
    ours = best_time(lambda: extract(data, filename="d.docx"), args.repeat)
    report("baseline python-docx text", base, docx_pages, len(data), None)
    report("ingest.extract", ours, docx_pages, len(data), base)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {peak / 1024:.0f} MB (after imports and warm-up: {rss_after_warmup / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
