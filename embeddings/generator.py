"""Optional answer generator behind an OpenAI-compatible chat endpoint (off unless ASK_GENERATOR_URL is set).

It only rephrases: the prompt gives it the cited passages and forbids anything they do not say, and the reply is
accepted only if it cites at least one passage by number and no number that does not exist. Any failure
(network, status, shape, refusal, timeout) returns None and the caller keeps the extractive answer.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from embeddings.answer import Citation

log = logging.getLogger(__name__)

NO_ANSWER = "NOT_IN_PASSAGES"
SYSTEM_PROMPT = (
    "You answer questions about the Convention on Biological Diversity using ONLY the numbered passages "
    "given. Do not add facts, numbers, dates or names that are not in the passages. Cite every claim with "
    "its passage number in square brackets, like [1]. Answer in at most three sentences, in the language "
    f"of the question. If the passages do not answer the question, reply exactly {NO_ANSWER}."
)


class Generator:
    def __init__(self, url: str, model: str, *, api_key: str | None = None, timeout: float = 15.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError("ASK_GENERATOR_URL must be an http(s) URL")
        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/chat/completions") else f"{base}/chat/completions"
        self.model, self.api_key, self.timeout = model, api_key, timeout

    def build_messages(self, question: str, citations: Sequence[Citation]) -> list[dict[str, str]]:
        numbered = "\n\n".join(
            f"[{i}] {c.title} ({c.paragraph_code or c.identifier})\n{c.text}" for i, c in enumerate(citations, 1)
        )
        return [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Passages:\n{numbered}\n\nQuestion: {question}"},
        ]

    def generate(self, question: str, citations: Sequence[Citation]) -> str | None:
        if not citations:
            return None
        body = {
            "model": self.model,
            "messages": self.build_messages(question, citations),
            "temperature": 0,
            "max_tokens": 300,
        }
        try:
            reply = self._post(body)
            text = str(reply["choices"][0]["message"]["content"]).strip()
        except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning("answer generator failed, keeping the extractive answer: %s", exc)
            return None
        return text if _acceptable(text, len(citations)) else None

    def _post(self, body: dict) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.endpoint, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))


def _acceptable(text: str, n_citations: int) -> bool:
    """Reject refusals and replies that cite nothing or cite passages that were not given."""
    if not text or NO_ANSWER in text:
        return False
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    return bool(cited) and all(1 <= n <= n_citations for n in cited)
