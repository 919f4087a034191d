"""The base of every PDF Heritrace draws (fpdf2): in the reader's language, with a Unicode font.

The font, DejaVu Sans (regular and bold), ships inside the package (``heritrace/fonts``, with its
licence): it has Latin, Greek, Cyrillic and Arabic letters, so register content is printed as it was
written, whatever its script. Text shaping (HarfBuzz, through ``uharfbuzz``) joins Arabic letters and
lays out right-to-left text; in a right-to-left language the paragraphs are right-aligned. The
labels are translated with ``_()`` in the language current when the PDF is drawn
(``heritrace.core.i18n.use_locale``; a web request sets it from the reader's choice).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from heritrace.core.i18n import current_locale, text_direction

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FAMILY = "dejavu"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}


class HeritracePdf(FPDF):
    """An A4 document in the current language: the bundled Unicode font, shaping, text direction."""

    def __init__(self, bottom_margin: float = 18) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(True, margin=bottom_margin)
        self.set_creator("Heritrace")
        self.set_lang(current_locale())
        for style, path in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, str(path))
        self.set_font(FONT_FAMILY, "", 10)
        self.rtl = text_direction() == "rtl"
        # right to left as the base direction in Arabic; otherwise each paragraph by its first letter
        self.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else None)
        self.align = "R" if self.rtl else "L"  # paragraphs start on the reading side

    def style(self, size: float, bold: bool = False) -> None:
        self.set_font(FONT_FAMILY, "B" if bold else "", size)

    def put(self, text: str, size: float = 10, bold: bool = False, align: str | None = None) -> None:
        """A paragraph (wrapped), then a small gap."""
        self.style(size, bold)
        self.multi_cell(0, size * 0.55, str(text), align=align or self.align, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
