"""What public searches found: zero-result counts per query and day, beside Wagtail's own query log.

Wagtail's `Query`/`QueryDailyHits` (wagtail.contrib.search_promotions) count how often each normalised query
string was searched — the "Search terms" report and the promotions editors curate read them. This table adds how
often that search found nothing, so editors see the demand the hub does not meet. Neither holds anything about
who searched (search.query_log)."""

from django.db import models
from wagtail.contrib.search_promotions.models import Query


class ZeroResultDay(models.Model):
    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="zero_result_days")
    date = models.DateField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="zero_result_query_date")]

    def __str__(self) -> str:
        return f"{self.query}: {self.hits} searches without results on {self.date}"
