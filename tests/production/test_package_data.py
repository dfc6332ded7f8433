"""The wheel `make prod-check` installs carries every file the packages read at run time.

A template left out of `[tool.setuptools.package-data]` passed every test run from the checkout and failed only in
the installed deployment (the admin dashboard answered 500: `cms_admin/dashboard_panel.html` missing)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["cms", "identifiers", "indexing", "ingest", "migration", "search", "embeddings", "frontend"]
NOT_SHIPPED = {"README.md", "Dockerfile"}  # documentation and the image recipe are not read by the code


def _package_data() -> dict[str, list[str]]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]


def _shipped(data: dict[str, list[str]]) -> set[Path]:
    found: set[Path] = set()
    for package, patterns in data.items():
        folder = ROOT.joinpath(*package.split("."))
        for pattern in patterns:
            found.update(path for path in folder.glob(pattern) if path.is_file())
    return found


def _data_files() -> set[Path]:
    return {path for package in PACKAGES for path in (ROOT / package).rglob("*")
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
            and path.name not in NOT_SHIPPED}


def test_every_data_file_of_the_packages_is_in_the_wheel():
    missing = sorted(str(path.relative_to(ROOT)) for path in _data_files() - _shipped(_package_data()))
    assert missing == []
