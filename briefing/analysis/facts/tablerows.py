"""Figures in table cells, quoted by their row when the row is verbatim in the source file."""
from __future__ import annotations

import re

from ...model import Article, Block, SourceRef
from .mention import Mention
from .numbers import cell_value

_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def table_figures(article: Article, block: Block, anchor: str, order: tuple[int, int],
                  source: str) -> list[Mention]:
    """One figure per numeric body cell; the row text is the quote, the unit comes from the header.

    `anchor` is the anchor of the last body sentence before the table (headings are not read for
    facts, so they do not count). A table block has no sentences, so the renderers give its rows
    no anchor of their own: its figures link to the sentence that leads into the table, the
    nearest place a reader can jump to (the caller drops the figures of a table that comes before
    any sentence). The quote is still the row's own text, kept only when it is verbatim in the
    source file, so a row's provenance is exact even though its link is approximate.
    """
    rows = [[_cell_text(cell) for cell in row] for row in block.rows]
    header = rows[block.header_rows - 1] if block.header_rows else []
    out = []
    for r, cells in enumerate(rows[block.header_rows:]):
        quote = " | ".join(cells)
        if not quote.strip() or quote not in source:
            continue  # the quote must be the article's own words
        ref = SourceRef(article=article.filename, title=article.title, quote=quote, anchor=anchor,
                        article_id=article.id)
        label = cells[0] if cells and cell_value(cells[0]) is None else ""
        for c, cell in enumerate(cells):
            found = cell_value(cell)
            if found is None or (c == 0 and not label and _YEAR.fullmatch(cell.strip())):
                continue
            value, unit = found
            column = header[c] if c < len(header) else ""
            if not unit:
                unit = "%" if "%" in column else re.sub(r"\s*\([^)]*\)", "", column).lower()
            about = ": ".join(x for x in (label, column) if x)
            out.append(Mention("figure", cell.strip(), "", ref, order, span=(10**6 + 100 * r + c, 0),
                               value=value, unit=unit, about=about))
    return out


def _cell_text(cell) -> str:
    return "".join(run.text for run in cell).strip()
