"""Local development and the embedded default setup (README's first command: `make demo`)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# The demo may create its admin login (admin / cbd-demo-admin); production refuses it.
DEMO_DATA_ALLOWED = True
# No rate limits unless asked for: browser tests and benchmarks send many searches from one address.
API_RATE_LIMITS = {"search": env.int("RATE_LIMIT_SEARCH_PER_MINUTE", default=0),
                   "ask": env.int("RATE_LIMIT_ASK_PER_MINUTE", default=0)}
