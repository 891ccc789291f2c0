"""The Jinja2 environment: the user's layouts folder first, then the built-in layouts."""
from __future__ import annotations

import re
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.bccache import FileSystemBytecodeCache
from jinja2 import TemplateError
from markupsafe import Markup, escape

from ..config import DEFAULT_LAYOUTS
from ..errors import LayoutError
from ..model import Article, Block, Run



def search_path(user_layouts: Path | None) -> list[Path]:
    """Folders searched for templates and stylesheets, user's first."""
    paths = [user_layouts] if user_layouts else []
    return [*paths, DEFAULT_LAYOUTS]


def environment(user_layouts: Path | None) -> Environment:
    """A Jinja2 environment with the briefing filters, searching the user's layouts first."""
    loader = ChoiceLoader([FileSystemLoader(str(p)) for p in search_path(user_layouts)])
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      bytecode_cache=_CompiledTemplates())
    env.filters["sentences"] = sentences_html
    env.filters["runs"] = runs_html
    env.filters["grouped"] = grouped
    env.filters["hlevel"] = heading_level
    env.filters["excerpt"] = excerpt
    env.filters["block_id"] = block_id
    env.globals["sentence_anchors"] = None   # the PDF sets the anchors that links point to
    return env


class _CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates kept in the user's cache folder (`memo.cache_folder()`), keyed by the
    template's source: compiling the layouts takes a tenth of a second in every process that uses
    them. A folder that cannot be read or written only costs that time."""

    def __init__(self) -> None:
        from ..memo import cache_folder

        super().__init__(str(cache_folder() / "templates"), "%s.jinja")

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - an unreadable or stale entry: compile again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def render(env: Environment, name: str, **context) -> str:
    """Render one template; a missing or broken template is a one-line LayoutError."""
    try:
        return env.get_template(name).render(**context)
    except TemplateNotFound as exc:
        raise LayoutError(f"template '{exc.name}' not found in the layouts folders "
                          f"({', '.join(map(str, search_path(None)))}); restore it or remove the "
                          "override that includes it", exc.name) from None
    except TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}" if getattr(exc, "filename", None) else name
        raise LayoutError(f"template error: {exc.message}; fix the template", where) from None


def stylesheet(user_layouts: Path | None, name: str) -> Path:
    """The first stylesheet called `name` on the layouts search path."""
    for folder in search_path(user_layouts):
        if (folder / name).is_file():
            return folder / name
    raise LayoutError("stylesheet not found in the layouts folders; restore it", name)


def runs_html(runs: tuple[Run, ...]) -> Markup:
    """Inline runs as (X)HTML: emphasis, strong, code and safe links."""
    return Markup("").join(_run_html(r, r.text) for r in runs)


def _run_html(run: Run, text: str) -> Markup:
    html = escape(text)
    if run.code:
        html = Markup("<code>%s</code>") % html
    if run.italic:
        html = Markup("<em>%s</em>") % html
    if run.bold:
        html = Markup("<strong>%s</strong>") % html
    if run.href:
        html = Markup('<a href="%s">%s</a>') % (run.href, html)
    return html


@pass_context
def sentences_html(ctx, block: Block, article: Article) -> Markup:
    """A block's text with each sentence wrapped in a span carrying its anchor id; with the global
    `sentence_anchors` set, only the sentences it names (a span costs WeasyPrint time per line)."""
    keep = ctx.get("sentence_anchors")
    text = block.text
    bounds = []  # (start, end, run) slices of the block text
    pos = 0
    for run in block.runs:
        bounds.append((pos, pos + len(run.text), run))
        pos += len(run.text)
    parts: list[Markup] = []
    cursor = 0
    for sentence in block.sentences:
        if sentence.start > cursor:
            parts.append(_slice(bounds, cursor, sentence.start))
        inner = _slice(bounds, sentence.start, sentence.end)
        anchor = article.anchor(sentence)
        if keep is None or anchor in keep:
            parts.append(Markup('<span id="%s">%s</span>') % (anchor, inner))
        else:
            parts.append(inner)
        cursor = sentence.end
    if cursor < len(text):
        parts.append(_slice(bounds, cursor, len(text)))
    return Markup("").join(parts)


def block_id(block: Block, article: Article) -> Markup:
    """` id="b-…"` for a block element (named after its first sentence), or nothing: where the PDF's
    pages begin, for the EPUB's printed page numbers."""
    if not block.sentences:
        return Markup("")
    return Markup(' id="b-%s"') % article.anchor(block.sentences[0])


def _slice(bounds: list[tuple[int, int, Run]], start: int, end: int) -> Markup:
    out = []
    for a, b, run in bounds:
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            out.append(_run_html(run, run.text[lo - a:hi - a]))
    return Markup("").join(out)


def grouped(blocks: tuple[Block, ...]) -> list[tuple[str, object]]:
    """Blocks with consecutive list items gathered: ("list", [items]) or ("block", block)."""
    out: list[tuple[str, object]] = []
    for block in blocks:
        if block.kind == "item":
            if out and out[-1][0] == "list" and out[-1][1][-1].ordered == block.ordered:
                out[-1][1].append(block)
            else:
                out.append(("list", [block]))
        else:
            out.append(("block", block))
    return out


def heading_level(block: Block, article: Article) -> int:
    """The HTML heading level of an article's section heading: the article title is h1,
    its highest-level sections h2, and so on, with no level skipped."""
    levels = sorted({b.level for b in article.blocks if b.kind == "heading"})
    return min(2 + levels.index(block.level), 6)


def excerpt(quote: str, needle: str, width: int = 12) -> Markup:
    """The words of a quote around `needle` (verbatim), the needle in bold: a figure in context.
    The needle is found as whole words ("two" is not the "two" inside "network")."""
    found = re.search(r"(?<!\w)%s(?!\w)" % re.escape(needle), quote) if needle else None
    at = found.start() if found else -1
    if at < 0:
        m = re.match(r"\S*(?:\s+\S+){0,%d}" % (2 * width), quote)
        return Markup("%s%s") % (m.group(0), " …" if m.end() < len(quote) else "")
    head = re.search(r"(?:\S+\s+){0,%d}$" % width, quote[:at])
    after = quote[at + len(needle):]
    tail = re.match(r"\S*(?:\s+\S+){0,%d}" % width, after)
    return Markup("%s%s<strong>%s</strong>%s%s") % ("… " if head.start() > 0 else "", head.group(0), needle,
                                                    tail.group(0), " …" if tail.end() < len(after) else "")
