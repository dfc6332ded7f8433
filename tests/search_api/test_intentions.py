"""Intention tests on the real CBD data (migration/data through `manage.py migrate_legacy`), readable by CBD
staff: for a query, which record must come first, which must be in the top results, which must not appear.

The data is loaded once for this module and removed afterwards, so the other tests keep an empty site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@dataclass(frozen=True)
class Intention:
    category: str
    description: str
    q: str
    first: str | None = None
    top: dict[str, int] = field(default_factory=dict)  # identifier -> must be within this rank
    forbidden: tuple[str, ...] = ()
    lang: str = "en"

    def diagnose(self, ranked: list[str]) -> list[str]:
        problems = []
        if self.first and (not ranked or ranked[0] != self.first):
            problems.append(f"expected {self.first} at rank 1, found {_rank(ranked, self.first)}")
        for identifier, depth in self.top.items():
            if identifier not in ranked[:depth]:
                problems.append(f"expected {identifier} in the top {depth}, found {_rank(ranked, identifier)}")
        problems += [f"{i} must not appear, found at rank {ranked.index(i) + 1}" for i in self.forbidden
                     if i in ranked]
        return problems


def _rank(ranked: list[str], identifier: str) -> str:
    return f"rank {ranked.index(identifier) + 1}" if identifier in ranked else "not in the first 10"


INTENTIONS = [
    Intention("symbol", "A notification symbol finds that notification", "2024-070", first="2024-070"),
    Intention("symbol", "A notification number without its leading zero", "notification 2024-70", first="2024-070"),
    Intention("symbol", "Aichi target by its everyday name", "Aichi Target 11", first="AICHI-TARGET-11"),
    Intention("symbol", "GBF target by number", "GBF target 3", first="GBF-TARGET-03",
              forbidden=("AICHI-TARGET-03",)),
    Intention("symbol", "GBF indicator by its code", "indicator A.1", first="GBF-INDICATOR-A.1"),
    Intention("symbol", "Treaty article with a paragraph letter", "Article 8(j)", first="cbd-08"),
    Intention("symbol", "Meeting by its code as typed", "COP 17", first="COP-17"),
    Intention("symbol", "Subsidiary body meeting", "SBSTTA 27", first="SBSTTA-27"),
    Intention("symbol", "Meeting document symbol", "CBD/SBI/7/DRAFT/CHM-KM", first="CBD/SBI/7/DRAFT/CHM-KM"),
    Intention("typo", "A misspelt topic still finds the GBF target", "invasive alein species",
              top={"GBF-TARGET-06": 3}),
    Intention("topic", "Protected areas lead to Aichi Target 11", "protected areas", top={"AICHI-TARGET-11": 3}),
    Intention("topic", "Pollution finds both generations of targets", "pollution",
              top={"GBF-TARGET-07": 3, "AICHI-TARGET-08": 3}),
    Intention("topic", "The Cartagena Protocol itself comes first", "Cartagena Protocol", first="cpb",
              forbidden=("abs",)),
    Intention("topic", "Traditional knowledge finds the Nagoya articles and Aichi 18", "traditional knowledge",
              top={"AICHI-TARGET-18": 3, "abs-12": 5}),
    Intention("crosslingual", "Spanish protected areas reach the English targets", "áreas protegidas", lang="es",
              top={"AICHI-TARGET-11": 3}),
    Intention("crosslingual", "Russian invasive species reach GBF Target 6", "инвазивные чужеродные виды",
              lang="ru", top={"GBF-TARGET-06": 3, "AICHI-TARGET-09": 3}),
    Intention("crosslingual", "Chinese typed on the English site is still understood", "外来入侵物种",
              top={"GBF-TARGET-06": 3}),
    Intention("crosslingual", "Arabic climate change reaches the climate target", "تغير المناخ", lang="ar",
              top={"GBF-TARGET-08": 10}),
    Intention("topic", "Country activities do not bury the Aichi target they serve", "extinction of threatened species",
              top={"GBF-TARGET-04": 3, "AICHI-TARGET-12": 5}),
]


@pytest.fixture(scope="module")
def cbd_data(django_db_setup, django_db_blocker, tmp_path_factory):
    from cms.core.models import RecordPage
    from search.backends import reset_engine

    index_dir = tmp_path_factory.mktemp("cbd-index")
    with override_settings(SEARCH_INDEX_DIR=index_dir):
        reset_engine()
        with django_db_blocker.unblock():
            with override_settings(INDEX_SINKS=[]):  # one rebuild afterwards beats a commit per record
                call_command("migrate_legacy", "--no-progress", verbosity=0)
            call_command("reindex", "--quiet-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield index_dir
        with django_db_blocker.unblock(), override_settings(INDEX_SINKS=[]):
            RecordPage.objects.all().delete()
        reset_engine()


@pytest.mark.parametrize("intention", INTENTIONS, ids=lambda i: f"{i.category}: {i.q}")
def test_intention(cbd_data, client, intention):
    body = client.get("/api/search/", {"q": intention.q, "lang": intention.lang}).json()
    ranked = [r["identifier"] for r in body["results"]]
    problems = intention.diagnose(ranked)
    assert not problems, f"{intention.description} ({intention.q!r}): " + "; ".join(problems)
