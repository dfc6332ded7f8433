"""Builders for the hostile files of issue 15 (items 7-10), made in the test run: nothing is shipped.

- `many_paragraph_docx`: a real DOCX of N one-line paragraphs (480,000 -> about 1.2 MB zipped, 21 MB of XML).
- `visual_order_arabic_pdf`: Arabic drawn as a PDF writer without bidi support draws it: shaped presentation
  forms, glyph by glyph left to right, so pdfminer reads the line backwards in presentation forms.
- `radical_chinese_pdf`: Chinese whose characters are drawn with the Kangxi radical code points that look the
  same (what some PDF producers' ToUnicode maps say), so pdfminer gives the look-alikes.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

FONTS = Path("/usr/share/fonts")
ARABIC_FONT = next(iter(sorted(FONTS.rglob("NotoSansArabic-Regular.ttf"))), None)
CJK_FONT = next(iter(sorted(FONTS.rglob("NotoSansCJK-Regular.ttc"))), None)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def many_paragraph_docx(count: int) -> bytes:
    """A valid DOCX whose body is `count` short paragraphs."""
    body = "".join(f"<w:p><w:r><w:t>Line {n} of the list.</w:t></w:r></w:p>" for n in range(count))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


# -- Arabic shaped as a PDF draws it -------------------------------------------------------------------------
def _forms() -> dict[tuple[str, str], str]:
    """(letter, form) -> presentation-form character, from Unicode's own compatibility decompositions."""
    table: dict[tuple[str, str], str] = {}
    for code in range(0xFE70, 0xFEFD):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition.startswith("<") and len(decomposition.split()) == 2:
            form, base = decomposition[1:].split("> ")
            table.setdefault((chr(int(base, 16)), form), chr(code))
    return table


FORMS = _forms()


def shape_arabic(word: str) -> str:
    """Contextual forms of an Arabic word (no lam-alef ligature needed for the test words)."""
    def joins_left(ch: str) -> bool:  # dual-joining letters have an initial form
        return (ch, "initial") in FORMS

    out = []
    for i, ch in enumerate(word):
        before = i > 0 and joins_left(word[i - 1])
        after = i + 1 < len(word) and (word[i + 1], "final") in FORMS
        if before and after and joins_left(ch):
            form = "medial"
        elif before:
            form = "final"
        elif after and joins_left(ch):
            form = "initial"
        else:
            form = "isolated"
        out.append(FORMS.get((ch, form), FORMS.get((ch, "isolated"), ch)))
    return "".join(out)


def visual_arabic(line: str) -> str:
    """The line as a writer laying glyphs out left to right draws it: each word shaped, the line reversed but
    numbers (and Latin) still reading left to right, as they are displayed."""
    shaped = " ".join(shape_arabic(w) for w in line.split())
    tokens = re.findall(r"[0-9A-Za-z]+|.", shaped)
    return "".join(reversed(tokens))


def _pdf(lines: list[str], font_path: Path, font_name: str, **font_kwargs) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont(font_name, str(font_path), **font_kwargs))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 780
    for line in lines:
        pdf.setFont(font_name, 14)
        pdf.drawString(60, y, line)
        y -= 28
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def visual_order_arabic_pdf(lines: list[str]) -> bytes:
    return _pdf([visual_arabic(line) for line in lines], ARABIC_FONT, "NotoArabicTest")


KANGXI = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}


def radical_chinese(line: str) -> str:
    """Every character that has a Kangxi radical look-alike replaced by it."""
    return "".join(KANGXI.get(ch, ch) for ch in line)


def cjk_truetype(text: str, target: Path) -> Path:
    """Noto Sans CJK SC cut down to `text`'s characters and converted to TrueType outlines (reportlab embeds
    TrueType only; the Debian font is CFF): fontTools' subsetter, then cu2qu for the curves."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(CJK_FONT), fontNumber=2)  # the collection's Simplified Chinese face
    options = subset.Options()
    options.layout_features, options.notdef_outline, options.name_IDs = [], True, ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    order, outlines = font.getGlyphOrder(), font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(outlines)
        outlines[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(target))
    return target


def radical_chinese_pdf(lines: list[str], workdir: Path) -> bytes:
    drawn = [radical_chinese(line) for line in lines]
    font = cjk_truetype("".join(drawn), workdir / "cjk-subset.ttf")
    return _pdf(drawn, font, "NotoCJKSubset")


def unmapped_glyph_pdf(lines: list[str]) -> bytes:
    """A PDF whose text uses characters its font has no glyph for: pdfminer reads them as U+0000."""
    return _pdf(lines, Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), "DejaVuNoCJK")
