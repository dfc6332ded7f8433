"""StreamField blocks for structured legal text: numbered paragraphs with lettered sub-paragraphs, grouped in
sections and annexes. Codes and anchors are derived from labels, so they are stable across edits and locales."""

from __future__ import annotations

from wagtail import blocks

PARAGRAPH_STATUS = [
    ("", "—"),
    ("active", "Active"),
    ("implemented", "Implemented"),
    ("elapsed", "Elapsed"),
    ("superseded", "Superseded"),
    ("retired", "Retired"),
]


def _gbf_target_choices():
    from cms.taxonomy.choices import term_choices

    return term_choices("gbf-target")


def _subject_choices():
    from cms.taxonomy.choices import term_choices

    return term_choices("subject")


class SubParagraphBlock(blocks.StructBlock):
    letter = blocks.CharBlock(max_length=12, help_text="a, b, c … or i, ii …")
    text = blocks.TextBlock()

    class Meta:
        icon = "list-ul"
        label = "Sub-paragraph"


class ParagraphBlock(blocks.StructBlock):
    """A numbered operative paragraph; the tags let a paragraph serve GBF targets on its own."""

    number = blocks.CharBlock(max_length=12, required=False, help_text="1, 2, 3 bis … (empty for unnumbered text)")
    text = blocks.TextBlock()
    subparagraphs = blocks.ListBlock(SubParagraphBlock(), default=[])
    gbf_targets = blocks.MultipleChoiceBlock(choices=_gbf_target_choices, required=False)
    subjects = blocks.MultipleChoiceBlock(choices=_subject_choices, required=False)
    actors = blocks.CharBlock(
        required=False, help_text="Addressed actors, comma separated (Parties, Executive Secretary …)"
    )
    status = blocks.ChoiceBlock(choices=PARAGRAPH_STATUS, required=False)

    class Meta:
        icon = "pilcrow"
        label = "Numbered paragraph"


class SectionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=12, help_text="Section letter or number, e.g. A")
    title = blocks.CharBlock(required=False)
    paragraphs = blocks.ListBlock(ParagraphBlock())

    class Meta:
        icon = "folder-open-inverse"
        label = "Section"


class AnnexBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=12, help_text="Annex number, e.g. I")
    title = blocks.CharBlock(required=False)
    text = blocks.TextBlock(required=False)
    paragraphs = blocks.ListBlock(ParagraphBlock(), default=[])

    class Meta:
        icon = "doc-full"
        label = "Annex"


class DecisionBodyBlock(blocks.StreamBlock):
    preamble = blocks.TextBlock(icon="openquote")
    paragraph = ParagraphBlock()
    section = SectionBlock()
    annex = AnnexBlock()


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
