"""Make unstructured run offline: no telemetry pings, no spaCy model download.

unstructured 0.27 (a) pings its telemetry endpoint at import and on every partition call unless DO_NOT_TRACK /
SCARF_NO_ANALYTICS is set, and (b) loads spaCy `en_core_web_sm` at first use, downloading the wheel from
GitHub if it is missing. Both fail on an offline server; (a) would also leak usage data.

For (b) we give unstructured a spaCy *blank* English pipeline with a rule-based sentencizer instead of the
statistical model (why: ingest/README.md). unstructured only uses spaCy through
`unstructured.nlp.tokenize` (word_tokenize, sent_tokenize, pos_tag) for its Title/NarrativeText heuristics,
and it reads the pipeline through the module-level `_get_nlp()`; replacing that one function is the whole hook.
The downloader is replaced too, so a future code path that bypasses `_get_nlp` fails loudly instead of
reaching the network.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any

_ENV = {"DO_NOT_TRACK": "1", "SCARF_NO_ANALYTICS": "1", "UNSTRUCTURED_DISABLE_NOTICE": "1"}
_lock = threading.Lock()
_installed = False


def quiet_environment() -> None:
    """Opt out of unstructured's telemetry and banner; must run before `import unstructured`."""
    for key, value in _ENV.items():
        os.environ.setdefault(key, value)


@lru_cache(maxsize=1)
def offline_pipeline() -> Any:
    """spaCy blank English + sentencizer: tokenisation and sentence splits, no weights, nothing to download."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _refuse_download() -> None:
    raise RuntimeError("ingest runs offline: unstructured tried to download a spaCy model (see ingest/offline.py)")


def install() -> None:
    """Idempotently point unstructured's tokenizer at the offline pipeline. Call before any partition."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        quiet_environment()
        from unstructured.nlp import tokenize

        tokenize._get_nlp = offline_pipeline
        tokenize._install_spacy_model = _refuse_download
        _installed = True
