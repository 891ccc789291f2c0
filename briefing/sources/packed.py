"""Pages and documents packed in one file: a .mhtml's HTML part (for the page reader), a .docx's text."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from ..errors import SourceError
from ..model import Article, Block, Removal, Run
from ..text import fold
from .readers import OUTSIDE, decode, merge_runs, plain, safe_href, tidy

# A page saved as one file carries its images, fonts and styles too, and a Word document its
# pictures: such files may be larger than a text article (readers.MAX_FILE_BYTES); the HTML or
# XML of the article inside them may not.
MAX_PACKED_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_XML_BYTES = 40 * 1024 * 1024
# Word's built-in Title style is the document's title; its headings follow one level down.
_STYLE_MAP = "\n".join(
    ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"]
    + [f"p[style-name='heading {n}'] => h{min(n + 1, 6)}:fresh" for n in range(1, 7)])
_NS = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
       "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def mhtml_page(data: bytes, path: Path) -> str:
    """The HTML of a page saved as a single file (MIME multipart/related, as Chrome and Edge write
    it): the part the snapshot's address names, else the first text/html part, decoded."""
    from email import message_from_bytes, policy

    message = message_from_bytes(data, policy=policy.compat32)
    parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
    if not parts and re.search(rb"(?i)<(?:!doctype html|html)\b", data[:4096]):
        return decode(data, path)   # a page saved as plain HTML under this name
    if not parts:
        raise SourceError("is not a web page saved as a single file (no HTML part in it); save the page "
                          "again as 'Webpage, Single File' or 'Webpage, HTML only'", path)
    where = (message.get("Snapshot-Content-Location") or "").strip()
    page = next((p for p in parts if where and (p.get("Content-Location") or "").strip() == where), parts[0])
    payload = page.get_payload(decode=True) or b""
    if len(payload) > MAX_PART_BYTES:
        raise SourceError(f"holds a page of {len(payload) / 2**20:.1f} MB; pages over "
                          f"{MAX_PART_BYTES // 2**20} MB are skipped; save only the article", path)
    charset = page.get_content_charset()
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label is common; the bytes are decoded as any article's are
    return decode(payload, path)


def read_docx(data: bytes, path: Path) -> Article:
    """A Word document (.docx) converted by mammoth (headings, lists, tables, bold, italic and links
    kept), every paragraph of it: a document has no page furniture to extract an article from.
    The title and date are its core properties' when it gives them, else the first heading and
    none; its pictures are left out, each named in a warning."""
    import mammoth

    parts = _docx_parts(data, path)
    pictures: list[str] = []

    def leave_out(image) -> list:
        pictures.append(image.alt_text or "a picture")
        return []

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP, convert_image=leave_out,
                                         external_file_access=False)
        blocks = document_blocks(tidy(result.value))
    except Exception as exc:  # a broken or absurdly nested document: one file, one warning
        raise SourceError(f"could not be read as a Word document ({type(exc).__name__}); open it in Word "
                          "or LibreOffice and save it again as .docx", path) from None
    title, date = _core_properties(parts.get("docProps/core.xml", b""))
    if blocks and blocks[0].kind == "heading" and (not title or fold(blocks[0].text) == fold(title)):
        title, blocks = title or blocks[0].text, blocks[1:]
    removed = tuple(Removal(OUTSIDE, f"picture '{alt}' inside the document") for alt in pictures)
    return Article(path=path, title=title or path.stem, blocks=tuple(blocks), date=date,
                   language=_language(parts.get("word/styles.xml", b"")) or "en", removed=removed)


def _docx_parts(data: bytes, path: Path) -> dict[str, bytes]:
    """The core properties and styles of a .docx, after checking it is one and is not a zip bomb."""
    not_word = "is not a Word document that can be opened; open it in Word or LibreOffice and save it again as .docx"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise SourceError(not_word, path)
            # Every part mammoth reads is XML; a small zip may unpack to gigabytes of it.
            xml = sum(i.file_size for i in package.infolist() if i.filename.endswith((".xml", ".rels")))
            if xml > MAX_XML_BYTES:
                raise SourceError(f"unpacks to {xml / 2**20:.0f} MB of XML; documents over "
                                  f"{MAX_XML_BYTES // 2**20} MB are skipped; split it", path)
            return {name: package.read(name) for name in ("docProps/core.xml", "word/styles.xml") if name in names}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError):
        raise SourceError(not_word, path) from None


def _xml(data: bytes):
    from lxml import etree

    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return None


def _core_properties(data: bytes) -> tuple[str, dt.date | None]:
    """The title and creation date in a document's docProps/core.xml ("" and None if absent)."""
    root = _xml(data) if data else None
    if root is None:
        return "", None
    title = plain(" ".join((root.findtext("dc:title", "", _NS) or "").split()))
    created = (root.findtext("dcterms:created", "", _NS) or "").strip()
    try:
        return title, dt.date.fromisoformat(created[:10]) if created else None
    except ValueError:
        return title, None


def _language(data: bytes) -> str:
    """The language of a document's default text style ("en-GB" -> "en-gb"), or ""."""
    root = _xml(data) if data else None
    found = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS) if root is not None else None
    value = found.get(f"{{{_NS['w']}}}val", "") if found is not None else ""
    return value.lower() if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*", value) else ""


# ---------------------------------------------------------------- a document's HTML as blocks

def document_blocks(html: str) -> list[Block]:
    """The blocks of a converted document's HTML, every element kept: headings, paragraphs,
    quotes, list items (nested lists after their item) and tables."""
    from lxml import html as lxhtml

    if not html.strip():
        return []
    blocks: list[Block] = []
    _walk(lxhtml.fragment_fromstring(html, create_parent="div"), blocks)
    return [b for b in blocks if b.runs or b.rows]


def _walk(parent, blocks: list[Block]) -> None:
    for el in parent:
        _block(el, blocks)


def _block(el, blocks: list[Block]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""    # comments and processing instructions have none
    if re.fullmatch(r"h[1-6]", tag):
        blocks.append(Block("heading", _runs(el), level=int(tag[1])))
    elif tag == "p":
        blocks.append(Block("paragraph", _runs(el)))
    elif tag == "blockquote":
        blocks.append(Block("quote", _runs(el)))
    elif tag in ("ul", "ol"):
        for item in el.iterchildren("li"):
            blocks.append(Block("item", _runs(item, skip=("ul", "ol")), ordered=tag == "ol"))
            for inner in item.iterchildren("ul", "ol"):
                _block(inner, blocks)
    elif tag == "table":
        rows = [tuple(_runs(cell) for cell in row.iterchildren("th", "td"))
                for row in el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]
        if rows:
            blocks.append(Block("table", rows=tuple(rows), header_rows=len(el.xpath("./thead/tr"))))
    else:
        _walk(el, blocks)


def _runs(el, skip: tuple[str, ...] = ()) -> tuple[Run, ...]:
    """The inline text of an element as runs: bold, italic and safe links kept; paragraphs inside
    it (a table cell, a list item of several paragraphs) are joined by a space."""
    runs: list[Run] = []

    def walk(node, bold: bool, italic: bool, href: str | None) -> None:
        if node.text:
            runs.append(Run(node.text, bold, italic, False, href))
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag not in skip:
                if tag == "br" or tag == "p" and runs:
                    runs.append(Run(" ", bold, italic, False, href))
                walk(child, bold or tag in ("strong", "b"), italic or tag in ("em", "i"),
                     safe_href(child.get("href", "")) if tag == "a" else href)
            if child.tail:
                runs.append(Run(child.tail, bold, italic, False, href))

    walk(el, False, False, None)
    return merge_runs([Run(plain(re.sub(r"\s+", " ", r.text)), r.bold, r.italic, r.code, r.href) for r in runs])
