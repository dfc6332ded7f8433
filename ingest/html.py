"""HTML to blocks with a streaming parser: no tree, so no depth or text-node limit silently drops content.

unstructured's partition_html parses with lxml's defaults, which stop at 256 levels of nesting and at text nodes
over 10 MB: a deeper page came out "empty" and 400 unclosed `<div>`s (each one a level deeper) yielded 254
paragraphs. Here Python's html.parser reads the page as a stream of events; every block-level tag (open or
close, closed or not) ends the current block, so nesting depth costs nothing and every paragraph is kept. What
is bounded is what the whole file may produce: `Limits.max_paragraphs` blocks and `Limits.max_chars`
characters (checked as the text grows, so a huge page stops early with a clear error).

Nothing is fetched (there is no URL to follow: text only); `<script>`, `<style>`, `<template>`, `<noscript>`,
`<svg>`, `<math>` and the `<head>` never reach the text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ingest.errors import IngestError
from ingest.limits import Limits

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = HEADINGS | {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "html", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
HIDDEN = {"script", "style", "template", "noscript", "svg", "math", "head", "title", "iframe", "object"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Block(tuple):
    """(kind, text): kind is "heading", "item" or "text"."""

    __slots__ = ()

    def __new__(cls, kind: str, text: str) -> Block:
        return super().__new__(cls, (kind, text))

    @property
    def kind(self) -> str:
        return self[0]

    @property
    def text(self) -> str:
        return self[1]


class _Reader(HTMLParser):
    def __init__(self, limits: Limits) -> None:
        super().__init__(convert_charrefs=True)
        self.limits = limits
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.kind = "text"
        self.hidden: list[str] = []  # open hidden elements (their text is dropped)
        self.chars = 0

    # -- events ---------------------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in HIDDEN:
            if tag not in VOID:
                self.hidden.append(tag)
            return
        if tag == "body" and "head" in self.hidden:  # an unclosed <head> ends where the body starts
            del self.hidden[self.hidden.index("head"):]
        if tag in BLOCKS:
            self._flush()
            self.kind = "heading" if tag in HEADINGS else "item" if tag == "li" else "text"

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            if tag in self.hidden:
                del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag):]
            return
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.parts.append(data)
        self.chars += len(data)
        if self.chars > self.limits.max_chars:
            raise too_much_text(self.chars, self.limits)

    # -- blocks ---------------------------------------------------------------------------------------------
    def _flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        self.parts = []
        if text:
            self.blocks.append(Block(self.kind, text))
            if len(self.blocks) > self.limits.max_paragraphs:
                raise too_many_paragraphs(len(self.blocks), self.limits, "more than")
        self.kind = "text"


def too_much_text(chars: int, limits: Limits) -> IngestError:
    return IngestError("too_much_text", f"The file holds more than {limits.max_chars:,} characters of text "
                                        f"(read {chars:,} so far); split it into smaller files.")


def too_many_paragraphs(count: int, limits: Limits, qualifier: str = "") -> IngestError:
    amount = f"{qualifier} {limits.max_paragraphs:,}" if qualifier else f"{count:,}"
    return IngestError("too_many_paragraphs", f"The file has {amount} paragraphs (limit "
                                              f"{limits.max_paragraphs:,}); split it into smaller files.")


def html_blocks(text: str, limits: Limits) -> list[Block]:
    """The page's blocks in reading order; IngestError past the paragraph or character limit."""
    reader = _Reader(limits)
    step = 1 << 20  # fed in slices so the character limit stops a huge page early
    for start in range(0, len(text), step):
        reader.feed(text[start:start + step])
    reader.close()
    reader._flush()
    return reader.blocks
