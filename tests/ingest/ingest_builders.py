"""Builders for real PDF, DOCX and HTML files with CBD-style numbered paragraphs, in the six UN languages.

Shared by the ingest tests and bench/bench_ingest.py. PDFs use DejaVu Sans (Debian fonts-dejavu-core) for Latin,
Cyrillic and Arabic, and reportlab's built-in CID font STSong-Light for Chinese (no font file needed).
Arabic is drawn in logical order without shaping: the rendering is not pretty, but the extracted text is exact.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass(frozen=True)
class Sample:
    """One decision-like document: a title, a section heading and numbered paragraphs with sub-paragraphs."""

    lang: str
    title: str
    heading: str
    paragraphs: tuple[str, ...]  # paragraph 1, 2, 3 (no number)
    subparas: tuple[str, str]  # (a), (b) under paragraph 3


SAMPLES: dict[str, Sample] = {
    "en": Sample(
        "en", "Decision 15/4. Kunming-Montreal Global Biodiversity Framework", "A. Implementation",
        ("The Conference of the Parties welcomes the report of the Open-ended Working Group on the framework.",
         "Decides to keep the implementation of the framework under review at its future meetings.",
         "Requests the Executive Secretary, subject to the availability of resources, to support Parties:"),
        ("To update their national biodiversity strategies and action plans in line with the framework;",
         "To report on progress in the implementation of the framework in their national reports."),
    ),
    "fr": Sample(
        "fr", "Décision 15/4. Cadre mondial de la biodiversité de Kunming-Montréal", "A. Mise en œuvre",
        ("La Conférence des Parties accueille avec satisfaction le rapport du Groupe de travail sur le cadre.",
         "Décide de garder à l'étude la mise en œuvre du cadre lors de ses prochaines réunions.",
         "Prie la Secrétaire exécutive, sous réserve des ressources disponibles, d'aider les Parties :"),
        ("À mettre à jour leurs stratégies et plans d'action nationaux pour la diversité biologique ;",
         "À rendre compte des progrès accomplis dans la mise en œuvre du cadre dans leurs rapports nationaux."),
    ),
    "es": Sample(
        "es", "Decisión 15/4. Marco Mundial de Biodiversidad de Kunming-Montreal", "A. Aplicación",
        ("La Conferencia de las Partes acoge con satisfacción el informe del Grupo de Trabajo sobre el marco.",
         "Decide mantener en examen la aplicación del marco en sus futuras reuniones y sesiones.",
         "Pide a la Secretaria Ejecutiva que, con sujeción a la disponibilidad de recursos, ayude a las Partes:"),
        ("A actualizar sus estrategias y planes de acción nacionales en materia de biodiversidad;",
         "A informar sobre los progresos realizados en la aplicación del marco en sus informes nacionales."),
    ),
    "ru": Sample(
        "ru", "Решение 15/4. Куньминско-Монреальская глобальная рамочная программа", "A. Осуществление",
        ("Конференция Сторон приветствует доклад Рабочей группы открытого состава о рамочной программе.",
         "Постановляет держать в поле зрения ход осуществления рамочной программы на своих будущих совещаниях.",
         "Просит Исполнительного секретаря при условии наличия ресурсов оказывать поддержку Сторонам:"),
        ("В обновлении национальных стратегий и планов действий по сохранению биоразнообразия;",
         "В представлении информации о ходе осуществления рамочной программы в национальных докладах."),
    ),
    "ar": Sample(
        "ar", "المقرر 15/4. إطار كونمينغ-مونتريال العالمي للتنوع البيولوجي", "ألف. التنفيذ",
        ("إن مؤتمر الأطراف يرحب بتقرير الفريق العامل المفتوح العضوية المعني بالإطار العالمي للتنوع البيولوجي.",
         "يقرر أن يبقي تنفيذ الإطار قيد الاستعراض في اجتماعاته المقبلة وفقا لبرنامج عمله.",
         "يطلب إلى الأمينة التنفيذية، رهنا بتوافر الموارد، أن تدعم الأطراف فيما يلي:"),
        ("تحديث استراتيجياتها وخطط عملها الوطنية للتنوع البيولوجي بما يتماشى مع الإطار؛",
         "الإبلاغ عن التقدم المحرز في تنفيذ الإطار في تقاريرها الوطنية المقدمة إلى الأمانة."),
    ),
    "zh": Sample(
        "zh", "第15/4号决定. 昆明-蒙特利尔全球生物多样性框架", "A. 执行情况",
        ("缔约方大会欢迎关于全球生物多样性框架的不限成员名额工作组的报告，并注意到其中的各项建议。",
         "决定在今后的会议上继续审查框架的执行情况，并根据工作方案开展相关的评估工作。",
         "请执行秘书在资源允许的情况下支持各缔约方开展以下工作："),
        ("根据框架更新其国家生物多样性战略和行动计划，并加强各部门之间的协调与合作；",
         "在国家报告中报告执行框架的进展情况，并与秘书处分享相关的经验和教训。"),
    ),
}


def numbered_lines(sample: Sample) -> list[str]:
    """The document as lines, in reading order, with CBD numbering written out."""
    lines = [sample.title, sample.heading]
    lines += [f"{i}. {text}" for i, text in enumerate(sample.paragraphs, start=1)]
    letters = "أب" if sample.lang == "ar" else "ab"  # Arabic UN documents letter sub-paragraphs (أ), (ب)
    lines += [f"({letter}) {text}" for letter, text in zip(letters, sample.subparas, strict=True)]
    return lines


def build_pdf(sample: Sample, pages: int = 2, link: str | None = None) -> bytes:
    """A PDF with the title and heading on page 1, paragraphs 1-2 on page 1 and paragraph 3 (a)(b) on page 2.

    `pages` > 2 appends filler pages (continuing numbered paragraphs) for size tests; `link` adds a URI
    annotation, which extraction must never follow.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if sample.lang == "zh":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    else:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
        font = "DejaVuSans"
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    lines = numbered_lines(sample)
    page_lines = [lines[:4], lines[4:]] + [
        [f"{n}. {sample.paragraphs[n % 3]}" for n in range(4 + 20 * p, 24 + 20 * p)] for p in range(pages - 2)
    ]
    for index, chunk in enumerate(page_lines):
        y = 780.0
        pdf.setFont(font, 10)
        for line in chunk:
            pdf.drawString(50, y, line)
            y -= 36
        if link and index == 0:
            pdf.linkURL(link, (50, 100, 300, 120))
            pdf.drawString(50, 105, link)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def build_docx(sample: Sample, link: str | None = None, filler_pages: int = 0) -> bytes:
    """A DOCX with paragraph 3 (a)(b) after a hard page break, so it lands on page 2."""
    import docx

    document = docx.Document()
    lines = numbered_lines(sample)
    document.add_heading(lines[0], level=1)
    document.add_heading(lines[1], level=2)
    for line in lines[2:4]:
        document.add_paragraph(line)
    document.add_page_break()
    _add_page_start(document, lines[4])
    for line in lines[5:]:
        document.add_paragraph(line)
    for page in range(filler_pages):
        document.add_page_break()
        _add_page_start(document, f"{4 + 20 * page}. {sample.paragraphs[0]}")
        for n in range(1, 20):
            document.add_paragraph(f"{4 + 20 * page + n}. {sample.paragraphs[n % 3]}")
    if link:
        document.add_paragraph(f"See {link}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_page_start(document, text: str) -> None:  # noqa: ANN001 - python-docx Document
    """Add a paragraph that starts a new page the way Word saves it: with a w:lastRenderedPageBreak marker.

    Word writes these markers when it lays a document out; they are what page numbers of DOCX come from.
    """
    from docx.oxml import OxmlElement

    run = document.add_paragraph().add_run()
    run._r.append(OxmlElement("w:lastRenderedPageBreak"))
    run.add_text(text)


def build_html(sample: Sample, hostile: bool = False) -> bytes:
    """An HTML page; `hostile` adds scripts, styles, remote images, iframes and a meta refresh."""
    lines = numbered_lines(sample)
    extra_head = extra_body = ""
    if hostile:
        extra_head = (
            '<meta http-equiv="refresh" content="0;url=http://evil.example/"><style>body{color:red}</style>'
            '<script src="http://evil.example/x.js"></script><link rel="stylesheet" href="http://evil.example/s.css">'
        )
        extra_body = (
            '<script>document.write("INJECTED_SCRIPT_TEXT")</script><img src="http://evil.example/pixel.png">'
            '<iframe src="http://evil.example/frame"></iframe><noscript>NOSCRIPT_TEXT</noscript>'
        )
    direction = ' dir="rtl"' if sample.lang == "ar" else ""
    body = "".join(f"<p>{line}</p>" for line in lines[2:])
    html = (
        f'<!DOCTYPE html><html lang="{sample.lang}"{direction}><head><meta charset="utf-8">'
        f"<title>{lines[0]}</title>{extra_head}</head><body>{extra_body}"
        f"<h1>{lines[0]}</h1><h2>{lines[1]}</h2>{body}</body></html>"
    )
    return html.encode("utf-8")
