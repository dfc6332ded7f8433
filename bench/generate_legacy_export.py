"""Build a synthetic legacy export of N records from the real ones (varied symbols, dates and titles).

    python bench/generate_legacy_export.py OUT_DIR [--records 100000]

Mix: 70% notifications, 20% meetings (each listing a few of the notifications), 10% Secretariat activities."""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "migration" / "data"
WORDS = ["regional", "workshop", "biodiversity", "monitoring", "capacity", "dialogue", "restoration", "marine",
         "peer review", "submission", "national reports", "invasive species", "digital sequence information"]


def _title(rng: random.Random, base: str) -> str:
    return f"{base} ({rng.choice(WORDS)}, {rng.choice(WORDS)})"[:240]


def _day(rng: random.Random, year: int) -> str:
    return (date(year, 1, 1) + timedelta(days=rng.randrange(365))).isoformat() + "T00:00:00Z"


def notifications(rng: random.Random, real: list[dict], count: int) -> list[dict]:
    out = []
    for n in range(count):
        year, number = 1900 + n // 999, n % 999 + 1
        symbol = f"{year}-{number:03d}"
        record = dict(rng.choice(real))
        title = _title(rng, record["titleEn"])
        record.update(id=f"bench-ntf-{n}", symbol=symbol, titleEn=title, urls=[f"https://www.cbd.int/notifications/{symbol}"],
                      date=_day(rng, year), **{f"title{lang}": title for lang in ("Fr", "Es", "Ar", "Ru", "Zh")})
        record["files"] = [{**f, "url": f"/doc/notifications/{year}/ntf-{symbol}-{f['language']}.pdf"}
                           for f in record["files"]]
        out.append(record)
    return out


def meetings(rng: random.Random, real: list[dict], count: int, symbols: list[str]) -> list[dict]:
    out = []
    for n in range(count):
        code = f"BENCH-{n:06d}"
        record = dict(rng.choice(real))
        title = _title(rng, record["titleEn"])
        # Like the real exports: the other language columns copy the English (no translations to create).
        record.update({f"title{lang}": title for lang in ("Fr", "Es", "Ar", "Ru", "Zh")})
        record.update(id=f"bench-mtg-{n}", titleEn=title, links=[
            f"https://www.cbd.int/meetings/{code}"], notifications=rng.sample(symbols, k=min(3, len(symbols))),
            startDate=_day(rng, 2020 + n % 10))
        out.append(record)
    return out


def activities(rng: random.Random, real: list[dict], count: int) -> list[dict]:
    out = []
    for n in range(count):
        record = dict(rng.choice(real))
        record.update(identifier=f"ACT-{2030 + n // 9999}-{n % 9999 + 1:04d}", title=_title(rng, record["title"]))
        out.append(record)
    return out


def generate(out: Path, records: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    real = {name: json.loads((DATA / f"{name}.json").read_text())
            for name in ("notifications", "meetings", "secretariat-activities-2025-2026")}
    n_notes, n_meetings = int(records * 0.7), int(records * 0.2)
    notes = notifications(rng, real["notifications"], n_notes)
    symbols = [r["symbol"] for r in notes]
    out.mkdir(parents=True, exist_ok=True)
    files = {"notifications.json": notes,
             "meetings.json": meetings(rng, real["meetings"], n_meetings, symbols),
             "secretariat-activities-2025-2026.json": activities(
                 rng, real["secretariat-activities-2025-2026"], records - n_notes - n_meetings)}
    for name, payload in files.items():
        (out / name).write_text(json.dumps(payload))
    return {name: len(payload) for name, payload in files.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.records)))


if __name__ == "__main__":
    main()
