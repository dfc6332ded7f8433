"""The one text normalisation for everything indexed and every query (pure; cheap to import).

Extracted text and legacy records carry things no reader sees and no query matches:
- U+0000 (pdfminer's output for an unmapped glyph, a NUL in a text file), which PostgreSQL refuses to store,
  and other control and format characters (soft hyphens, bidi marks, BOMs) that split words invisibly;
- Arabic in *presentation forms* (U+FB50–U+FDFF, U+FE70–U+FEFF: the shaped glyphs a PDF draws) and CJK in
  *radical* look-alikes (U+2F00–U+2FDF, and the supplement's common ones by a table): a query typed on a
  keyboard uses the ordinary letters, so NFKC maps these (and full-width Latin, ligatures) to them — only
  these: Chinese full-width punctuation and superscripts stay as written;
- Arabic lines in *visual order*: PDFs written glyph by glyph left to right come out reversed. A reversed line is
  recognised by its shaped letters (a word that starts with a final form and ends with an initial one) and put
  back in logical order, runs of digits and Latin staying as they are.

`normalize_text` keeps line breaks and tabs (paragraph structure is read from them); `normalize_query` also
collapses whitespace. Both are idempotent.
"""

from __future__ import annotations

import re
import unicodedata

# Control (Cc) and format (Cf) characters, and surrogates / private-use noncharacters that cannot be text.
# Tab, newline and carriage return stay (structure); ZWNJ and ZWJ stay (they change Persian and Indic spelling).
_KEEP = {"\t", "\n", "\r", "\u200c", "\u200d"}
_DROP_CATEGORIES = {"Cf", "Cs"}
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]+")
_LTR_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f](?:[0-9A-Za-z\u00c0-\u024f.,:/%+-]*[0-9A-Za-z\u00c0-\u024f%])?")
# CJK Radicals Supplement characters NFKC leaves alone but PDFs emit for common ideographs.
_RADICALS = str.maketrans({"\u2ea0": "\u6c11", "\u2ead": "\u793b", "\u2ec4": "\u897f", "\u2ec5": "\u89c1",
                           "\u2ecf": "\u961d", "\u2ed1": "\u9577", "\u2ed6": "\u961d", "\u2ed8": "\u9752",
                           "\u2ee2": "\u9a6c", "\u2ee3": "\u9aa8", "\u2ee4": "\u9b3c", "\u2ee5": "\u9c7c",
                           "\u2eea": "\u9efe", "\u2eeb": "\u6589", "\u2ef2": "\u4e80"})
_SPACES = re.compile(r"[^\S\n]+")
# Compatibility characters that stand in for ordinary ones: Latin ligatures and Arabic presentation forms
# (U+FB00-U+FDFF, U+FE70-U+FEFE), Kangxi radicals (U+2F00-U+2FDF), CJK compatibility ideographs, full-width
# Latin letters and digits. NFKC maps only these: applied to everything it would also turn Chinese full-width
# punctuation ("，" "；" "：") and superscripts ("km²") into something a reader does not expect.
_COMPATIBILITY = re.compile("[\ufb00-\ufdff\ufe70-\ufefe\u2f00-\u2fdf\uf900-\ufaff"
                            "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def _form(ch: str) -> str:
    """'initial' | 'medial' | 'final' | 'isolated' for an Arabic presentation form, '' otherwise."""
    decomposition = unicodedata.decomposition(ch)
    return decomposition[1:decomposition.index(">")] if decomposition.startswith("<") else ""


def is_visual_order(line: str) -> bool:
    """True when the line's shaped Arabic words read backwards (first letter in final form, last in initial)."""
    if not _PRESENTATION.search(line):
        return False
    backwards = forwards = 0
    for word in _WORD.findall(line):
        if len(word) < 2:
            continue
        first, last = _form(word[0]), _form(word[-1])
        backwards += (first == "final") + (last == "initial")
        forwards += (first == "initial") + (last == "final")
    return backwards > forwards


def to_logical_order(line: str) -> str:
    """Reverse a visual-order line, keeping each run of digits or Latin letters in its own order."""
    tokens: list[str] = []  # single characters of the right-to-left text, whole left-to-right runs
    position = 0
    for match in _LTR_RUN.finditer(line):
        tokens.extend(line[position:match.start()])
        tokens.append(match.group())
        position = match.end()
    tokens.extend(line[position:])
    mirrored = str.maketrans("()[]{}<>", ")(][}{><")
    return "".join(reversed(tokens)).translate(mirrored)


def _restore_order(text: str) -> str:
    if not _PRESENTATION.search(text):
        return text
    return "\n".join(to_logical_order(line) if is_visual_order(line) else line for line in text.split("\n"))


def remove_control_characters(text: str) -> str:
    """Only the invisible characters gone, for text shown as written: a control character (NUL included)
    becomes a space — it stood between two things, as in a query "forest\\x00restoration" — and a format
    character (soft hyphen, zero-width space, bidi mark, BOM) or a lone surrogate is removed."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch if ch in _KEEP else " " if (category := unicodedata.category(ch)) == "Cc"
                   else "" if category in _DROP_CATEGORIES else ch for ch in text)


def normalize_text(text: str) -> str:
    """Text as it is stored and indexed: visual-order Arabic restored, compatibility characters (presentation
    forms, radicals, ligatures, full-width Latin) by NFKC, then NFC; no control or format characters (tab and
    newline kept)."""
    if not text:
        return ""
    text = remove_control_characters(text)
    text = _restore_order(text)
    text = _COMPATIBILITY.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).translate(_RADICALS)
    text = unicodedata.normalize("NFC", text)
    return remove_control_characters(text)  # NFKC can produce nothing invisible, but a mapped character might be Cf


def normalize_query(text: str) -> str:
    """A query as it is matched: `normalize_text`, then every run of whitespace (line breaks too) one space."""
    return " ".join(normalize_text(text).split())


def normalize_line(text: str) -> str:
    """A single-line value (a title, a paragraph): `normalize_text` with runs of spaces collapsed."""
    return _SPACES.sub(" ", normalize_text(text)).strip()
