"""Build the corpus PDFs from `scripts/pdf_sources/*.yaml` (fpdf2 does the layout).

Each source file holds the PDF's metadata (`meta`, written unchanged to the sidecar
`<name>.meta.yaml` next to the PDF, which the ingest loader reads) and its content
(`sections` of paragraphs, bullet lists and tables). The sources live outside `corpus/`
so nothing is indexed twice.

Font: Noto Sans KR from the `pylopdf-fonts-ko` wheel. That font has CID-keyed CFF
outlines, and pypdf mis-reads the glyph widths fpdf2 writes for such fonts (every
Hangul syllable comes out separated by spaces). So we subset the font to the characters
the sources use and convert the outlines to TrueType (fontTools, cu2qu) before embedding.
The output is byte-for-byte reproducible: fixed creation date, no timestamps in the font.

Usage: python scripts/build_pdfs.py [--out DIR]   (default DIR: corpus/)
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

import pylopdf_fonts_ko
import yaml
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fpdf import FPDF
from fpdf.fonts import FontFace

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "pdf_sources"
FONT_OTF = pathlib.Path(pylopdf_fonts_ko.__file__).parent / "NotoSansKR-Regular.otf"
CREATED = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
AUTHOR = "포항 빅데이터 AI 혁신센터 지식 코퍼스 (Pohang Big Data AI Innovation Center corpus)"
FONT = "noto"


def load_sources(src_dir: pathlib.Path = SOURCES) -> list[dict[str, Any]]:
    """Read every PDF source, sorted by file name."""
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(src_dir.glob("*.yaml"))
    ]


def iter_texts(source: dict[str, Any]) -> Iterator[str]:
    """Every piece of text that is printed in the PDF (title, headings, paragraphs, cells)."""
    yield source["meta"]["title"]
    for section in source["sections"]:
        yield section["heading"]
        for block in section.get("blocks", []):
            if "p" in block:
                yield block["p"]
            yield from block.get("list", [])
            if "table" in block:
                yield from block["table"]["columns"]
                for row in block["table"]["rows"]:
                    yield from row


def build_font(chars: set[str], out: pathlib.Path) -> pathlib.Path:
    """Subset Noto Sans KR to `chars` and convert its CFF outlines to a TrueType font."""
    font = TTFont(str(FONT_OTF), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.desubroutinize = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(out))
    return out


class GuidePDF(FPDF):
    """An A4 page layout with the page number in the footer."""

    def footer(self) -> None:
        """Print 'page / pages' at the bottom of every page."""
        self.set_y(-15)
        self.set_font(FONT, size=9)
        self.cell(0, 10, f"{self.page_no()} / {{nb}}", align="C")


def render(source: dict[str, Any], font_path: pathlib.Path, out_pdf: pathlib.Path) -> None:
    """Lay out one source as a PDF with headings, paragraphs, lists and tables."""
    meta = source["meta"]
    pdf = GuidePDF(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_title(meta["title"])
    pdf.set_subject(source.get("subject", meta["title"]))
    pdf.set_keywords(", ".join(str(k) for k in source.get("keywords", [])))
    pdf.set_author(AUTHOR)
    pdf.set_creator("scripts/build_pdfs.py")
    pdf.set_lang(meta["language"])
    pdf.add_font(FONT, "", str(font_path))
    pdf.add_font(FONT, "B", str(font_path))  # table headings ask for bold; same face
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.multi_cell(0, 10, meta["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for i, section in enumerate(source["sections"]):
        if section.get("new_page") and i > 0:
            pdf.add_page()
        pdf.set_font(FONT, size=14)
        pdf.multi_cell(0, 9, section["heading"], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font(FONT, size=11)
        for block in section.get("blocks", []):
            render_block(pdf, block)
        pdf.ln(3)
    pdf.output(str(out_pdf))


def render_block(pdf: FPDF, block: dict[str, Any]) -> None:
    """Print one paragraph, bullet list or table."""
    if "p" in block:
        pdf.multi_cell(0, 7, block["p"], align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if "list" in block:
        for item in block["list"]:
            pdf.multi_cell(0, 7, f"- {item}", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if "table" in block:
        table = block["table"]
        heading = FontFace(emphasis=None, fill_color=(225, 232, 245))
        with pdf.table(headings_style=heading, line_height=7, text_align="LEFT") as grid:
            for row in [table["columns"], *table["rows"]]:
                cells = grid.row()
                for value in row:
                    cells.cell(str(value))
        pdf.ln(3)


def write_sidecar(meta: dict[str, Any], path: pathlib.Path) -> None:
    """Write the metadata the ingest loader reads for this PDF."""
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text("# Generated by scripts/build_pdfs.py; do not edit.\n" + text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build every PDF and its sidecar under the output directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "corpus")
    args = parser.parse_args(argv)
    sources = load_sources()
    chars = {chr(c) for c in range(32, 127)}
    for source in sources:
        for text in iter_texts(source):
            chars.update(text)
    with tempfile.TemporaryDirectory() as tmp:
        font_path = build_font(chars, pathlib.Path(tmp) / "NotoSansKR-subset.ttf")
        for source in sources:
            out_pdf = args.out / source["output"]
            out_pdf.parent.mkdir(parents=True, exist_ok=True)
            render(source, font_path, out_pdf)
            write_sidecar(source["meta"], out_pdf.with_suffix(".meta.yaml"))
            print(f"wrote {out_pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
