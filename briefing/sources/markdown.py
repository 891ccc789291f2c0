"""The Markdown reader: YAML front matter, then CommonMark blocks and inline runs."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..model import Article, Block, Image, Removal, Run
from .readers import OUTSIDE, local_image, merge_runs, parse_date, safe_href

MD_MAX_NESTING = 100
_MD_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[*+-](?=\s)|\d{1,9}[.)](?=\s)))*[ \t]*", re.M)


def read_markdown(text: str, path: Path) -> Article:
    """A .md article: optional YAML front matter, then CommonMark."""
    meta, body = split_front_matter(text, path)
    fields = front_matter_fields(meta, path)
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": MD_MAX_NESTING}).enable("table")
    md.validateLink = lambda url: True  # safe_href and local_image decide, so no refused link stays as text
    tokens = md.parse(body)
    notes: list[Removal] = []
    if tokens and max(t.level for t in tokens) >= MD_MAX_NESTING - 1:
        # markdown-it silently drops what lies deeper than maxNesting: keep the text, flattened.
        notes.append(Removal("deep nesting", "quotes or lists nested too deeply; flattened to paragraphs"))
        tokens = md.parse(_MD_MARKERS.sub("", body))
    blocks = _markdown_blocks(tokens, path, notes)
    title = fields.pop("title", "")
    if not title and blocks and blocks[0].kind == "heading":
        title = blocks[0].text
        blocks = blocks[1:]
    if not title:
        first = next((b for b in blocks if b.text.strip()), None)
        title = first.text if first else path.stem
    return Article(path=path, title=title.strip(), blocks=tuple(blocks), removed=tuple(dict.fromkeys(notes)),
                   **fields)


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Separate YAML front matter (between `---` lines) from the Markdown body."""
    m = re.match(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    if not m:
        return {}, text
    import yaml

    try:
        # libyaml's parser when PyYAML has it (the same values, read many times faster).
        meta = yaml.load(m.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except ValueError as exc:  # 2024-02-30 read as a date that does not exist, an integer of 5,000 digits
        raise SourceError(f"front matter has an impossible value ({exc}); fix it (dates are YYYY-MM-DD)",
                          path) from None
    except (yaml.YAMLError, RecursionError) as exc:
        # People write `title: Port authority: night ferry approved`: read plain "key: value"
        # lines as such, the value being everything after the first colon.
        meta = _plain_lines(m.group(1))
        if meta is None:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            where = f" (line {line + 2})" if line is not None else ""
            raise SourceError(f"front matter is not valid YAML{where}; fix it or remove the --- block",
                              path) from None
    if not isinstance(meta, dict):
        raise SourceError("front matter must be 'key: value' lines; fix it or remove the --- block", path)
    return meta, text[m.end():]


def _plain_lines(block: str) -> dict | None:
    """Front matter of `key: value` lines, each value taken as written (quotes around it
    dropped); None when a line is anything else (a list, a nested key, a line without a key, a
    value that starts as YAML syntax: `[`, `{`, a tag, an anchor, a block scalar)."""
    meta = {}
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.fullmatch(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*", line)
        if not m:
            return None
        value = m.group(2)
        if value[:1] in tuple("[{!&*|>%@`"):
            return None
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        meta[m.group(1).lower()] = value or None
    return meta


def front_matter_fields(meta: dict, path: Path) -> dict:
    """Validated front-matter values as Article fields; a wrong type or value names the key."""
    fields: dict = {}
    for key in ("title", "author", "url", "language", "source", "publication"):
        if key in meta and meta[key] is not None:
            if not isinstance(meta[key], str | int | float):
                raise SourceError(f"front matter '{key}' must be text; fix it in the --- block", path)
            fields[key] = str(meta[key]).strip()
    source, publication = fields.pop("source", ""), fields.pop("publication", "")
    if source or publication:
        fields["publication"] = source or publication
    if meta.get("date") is not None:
        fields["date"] = parse_date(meta["date"], path)
    if "language" in fields and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", fields["language"]):
        raise SourceError(f"front matter language '{fields['language']}' is not a language code "
                          "such as en or ru; fix it in the --- block", path)
    if "url" in fields and not re.match(r"https?://", fields["url"]):
        raise SourceError(f"front matter url '{fields['url']}' must start with http:// or https://", path)
    return fields


def _markdown_blocks(tokens: list, path: Path, notes: list[Removal]) -> list[Block]:
    blocks: list[Block] = []
    stack: list[str] = []  # open containers: blockquote, bullet_list, ordered_list
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            stack.append(tok.type[:-5])
        elif tok.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            stack.pop()
        elif tok.type == "heading_open":
            runs = _md_inline(tokens[i + 1], path, notes)
            blocks.append(Block("heading", runs, level=int(tok.tag[1])))
            i += 2
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            image = _md_lone_image(inline, path, notes)
            if image is not None:
                blocks.append(Block("image", image=image))
            else:
                blocks.append(Block(_md_kind(stack), _md_inline(inline, path, notes),
                                    ordered=bool(stack) and stack[-1] == "ordered_list"))
            i += 2
        elif tok.type == "html_block":
            blocks.extend(_md_html_block(tok.content, stack, notes))
        elif tok.type == "table_open":
            j, block = _md_table(tokens, i, path, notes)
            blocks.append(block)
            i = j
        i += 1
    return blocks


def _md_kind(stack: list[str]) -> str:
    if stack and stack[-1] in ("bullet_list", "ordered_list"):
        return "item"
    return "quote" if "blockquote" in stack else "paragraph"


def _md_html_block(html: str, stack: list[str], notes: list[Removal]) -> list[Block]:
    """Raw HTML in a Markdown article: its text is kept as a paragraph; the markup, scripts and
    styles are not, and a resource it names outside the article's folder is reported."""
    from .htmlpage import fragment_text

    notes.append(Removal("raw HTML", " ".join(html.split())))
    notes.extend(_outside(html))
    text = fragment_text(html)
    return [Block(_md_kind(stack), (Run(text),))] if text else []


def _outside(html: str) -> list[Removal]:
    from .htmlpage import is_outside, references

    return [Removal(OUTSIDE, url) for url in references(html) if is_outside(url)]


def _md_table(tokens: list, i: int, path: Path, notes: list[Removal]) -> tuple[int, Block]:
    rows: list[tuple[tuple[Run, ...], ...]] = []
    header = 0
    cells: list[tuple[Run, ...]] = []
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            cells = []
        elif tok.type == "tr_close":
            rows.append(tuple(cells))
            header += in_head
        elif tok.type == "inline":
            cells.append(_md_inline(tok, path, notes))
        i += 1
    return i, Block("table", rows=tuple(rows), header_rows=header)


def _md_lone_image(inline, path: Path, notes: list[Removal]) -> Image | None:
    children = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        img = children[0]
        src = str(img.attrs.get("src") or "")
        alt = "".join(c.content for c in (img.children or []))
        image = local_image(src, alt, str(img.attrs.get("title") or ""), path)
        if image is None and src:
            notes.append(Removal(OUTSIDE, src))
        return image
    return None


def _md_inline(inline, path: Path, notes: list[Removal]) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = hidden = 0
    href: str | None = None
    for child in inline.children or []:
        t = child.type
        if t == "html_inline":
            hidden = max(0, hidden + _hiding(child.content))
            notes.extend(_outside(child.content))
        elif hidden:
            continue  # the text inside an inline <script> or <style>
        elif t == "text":
            runs.append(Run(child.content, bool(bold), bool(italic), False, href))
        elif t in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bool(bold), bool(italic), False, href))
        elif t == "code_inline":
            runs.append(Run(child.content, bool(bold), bool(italic), True, href))
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            href = safe_href(child.attrs.get("href", ""))
        elif t == "link_close":
            href = None
        elif t == "image":
            alt = "".join(c.content for c in (child.children or []))
            if alt:
                runs.append(Run(alt, bool(bold), bool(italic), False, href))
            src = str(child.attrs.get("src") or "")
            if src and local_image(src, alt, "", path) is None:
                notes.append(Removal(OUTSIDE, src))
    return merge_runs(runs)


def _hiding(tag: str) -> int:
    """+1 for an inline tag that opens hidden content (<script>, <style> ...), -1 for its end."""
    from .htmlpage import HIDDEN_TAGS

    m = re.match(r"<(/?)([A-Za-z][\w-]*)", tag)
    if not m or m.group(2).lower() not in HIDDEN_TAGS or tag.rstrip().endswith("/>"):
        return 0
    return -1 if m.group(1) else 1
