"""Every environment variable the settings, gunicorn and the Procfile read is in the README's one table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _read_variables() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "cms" / "settings").glob("*.py"):
        names |= set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", path.read_text()))
        names |= set(re.findall(r"""_required\(\s*["']([A-Z][A-Z0-9_]+)["']""", path.read_text()))
    gunicorn = (ROOT / "cms" / "gunicorn_conf.py").read_text()
    names |= set(re.findall(r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""", gunicorn))
    names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", (ROOT / "Procfile").read_text()))
    return names - {"CBD_TEST_VAR_DIR"}  # the test settings' own


def test_the_readme_table_lists_every_variable():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Production"):]
    section = section[:section.index("\n## ", 1)]
    table = section[section.index("### Environment variables"):]
    names = _read_variables()
    assert len(names) > 40
    missing = sorted(name for name in names if f"`{name}`" not in table)
    assert not missing, f"not in README's Production table: {missing}"
