"""`add`: import the article of a saved web page, or of a URL, into the sources folder as Markdown."""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from urllib.parse import urlparse

from .. import __version__
from ..errors import BriefingError, SourceError
from ..model import Article, Block, Run
from .packed import mhtml_page
from .readers import DOCX_SUFFIXES, MHTML_SUFFIXES, decode

TIMEOUT = 20.0                      # seconds to wait for a web server
MAX_BYTES = 10 * 1024 * 1024        # a news page is far smaller; anything bigger is not one
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})


class AddError(BriefingError):
    """A page that cannot be imported: missing, unreachable, or with no recognisable article."""

    exit_code = 2


@dataclass(frozen=True)
class Imported:
    """An article written to the sources folder, and which of its details the page did not give."""

    path: Path
    article: Article

    @property
    def missing(self) -> tuple[str, ...]:
        """Front-matter keys the page gave no value for (the user may want to fill them in)."""
        a = self.article
        return tuple(k for k, v in (("author", a.author), ("date", a.date), ("source", a.publication)) if not v)


def add_article(source: str, sources: Path, timeout: float = TIMEOUT) -> Imported:
    """Import one page (a saved HTML file, or an http(s) address) into `sources` as a .md article."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", source):
        text, url = fetch(source, timeout)
        article = _read(text, Path("page.html"), source)
        article = article if article.url else replace(article, url=url)
        page_folder = None       # a fetched page has no images stored beside it
    else:
        path = Path(source)
        article = _read(_read_file(path), path, str(path))
        page_folder = path.parent
    target = None
    try:
        sources.mkdir(parents=True, exist_ok=True)
        target = _new_file(sources, slug(article.title))
        article = _copy_images(article, page_folder, sources, target.stem)
        target.write_text(to_markdown(article), "utf-8")
    except OSError as exc:
        if target is not None:
            target.unlink(missing_ok=True)   # no empty article left behind
        raise AddError(f"cannot write into the sources folder ({exc.strerror or exc}); check its "
                       "permissions", sources) from None
    return Imported(target, article)


def fetch(url: str, timeout: float = TIMEOUT) -> tuple[str, str]:
    """The text of a web page and its final address; only http and https, with a timeout."""
    if urlparse(url).scheme.lower() not in ("http", "https") or not urlparse(url).netloc:
        raise AddError(f"{url}: only http:// and https:// addresses can be fetched; save the page "
                       "and add the file instead")
    # No file:, ftp: or data: handlers, so a redirect cannot lead outside the web either.
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    urllib.request.HTTPRedirectHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    request = urllib.request.Request(url, headers={
        "User-Agent": f"Mozilla/5.0 (compatible; make-report/{__version__})",
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                raise AddError(f"{url}: is not a web page (the server sent {kind}); give the page's address")
            data = response.read(MAX_BYTES + 1)
            charset = response.headers.get_content_charset()
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise AddError(f"{url}: the server answered {exc.code} {exc.reason}; check the address") from None
    except urllib.error.URLError as exc:
        reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        raise AddError(f"{url}: cannot be fetched ({reason}); check the address and the connection, "
                       "or save the page and add the file") from None
    except TimeoutError:
        raise AddError(f"{url}: no answer within {timeout:g} s; try again later, or save the page "
                       "and add the file") from None
    except OSError as exc:
        raise AddError(f"{url}: cannot be fetched ({exc}); check the address and the connection") from None
    if len(data) > MAX_BYTES:
        raise AddError(f"{url}: is larger than {MAX_BYTES // 1024 // 1024} MB, so it is not a news page")
    return _decode(data, charset, url), final


def _decode(data: bytes, charset: str | None, label: str) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common; detect the encoding instead
    try:
        return decode(data, Path(label))
    except SourceError as exc:
        raise AddError(str(exc)) from None


def _read_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        hint = " (for a web address, start it with https://)" if re.match(r"[\w-]+(\.[\w-]+)+/", str(path)) else ""
        raise AddError(f"no such file{hint}; give a saved web page (.html) or an http(s) address",
                       path) from None
    except IsADirectoryError:
        raise AddError("is a folder; give a saved web page (.html) or an http(s) address", path) from None
    except OSError as exc:
        raise AddError(f"cannot be read ({exc.strerror}); check its permissions", path) from None
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        raise AddError("is a Word document; copy it into the sources folder as it is (.docx articles are "
                       "read directly)", path)
    if suffix in MHTML_SUFFIXES:   # a page saved as a single file: its HTML part is the page
        try:
            return mhtml_page(data, path)
        except SourceError as exc:
            raise AddError(str(exc)) from None
    return _decode(data, None, str(path))


def _read(text: str, path: Path, label: str) -> Article:
    """The article of a page, or an AddError naming the page."""
    from .htmlpage import read_page

    no_article = (f"{label}: has no recognisable article; give the article's own page (not a home, "
                  "list or search page), or paste its text into a .txt file in the sources folder")
    if not re.search(r"<(?:html|body|article|p|div)\b", text[:200_000], re.I):
        raise AddError(f"{label}: is not a web page (no HTML in it); copy .txt and .md articles into "
                       "the sources folder as they are")
    try:
        article = read_page(text, path)
    except SourceError:
        raise AddError(no_article) from None
    if not any(b.text.strip() or b.rows for b in article.blocks):
        raise AddError(no_article)
    return article


def slug(title: str, limit: int = 60) -> str:
    """A file-name stem from a title: lower case, words joined by hyphens, Latin accents dropped."""
    chars = []
    for c in unicodedata.normalize("NFC", title).lower():
        base = unicodedata.normalize("NFKD", c)[0]
        chars.append(base if base.isascii() else c)
    words = re.findall(r"[^\W_]+", "".join(chars))
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out or "article"


def _new_file(folder: Path, stem: str) -> Path:
    """A new, empty `stem.md` in `folder` (or stem-2.md, stem-3.md ...); never an existing file."""
    n = 1
    while True:
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            return path
        except FileExistsError:
            n += 1


def _copy_images(article: Article, page_folder: Path | None, sources: Path, stem: str) -> Article:
    """Copy the images stored beside a saved page into `sources/<stem>_files/`; drop the others."""
    blocks = []
    for block in article.blocks:
        if block.kind == "image":
            source = block.image.path if block.image else None
            if (page_folder is None or source is None or source.suffix.lower() not in IMAGE_SUFFIXES
                    or not source.is_file() or not source.resolve().is_relative_to(page_folder.resolve())):
                continue  # remote, missing, or outside the saved page's folder
            target = sources / f"{stem}_files" / source.name
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, target)
            block = replace(block, image=replace(block.image, path=target))
        blocks.append(block)
    return replace(article, blocks=tuple(blocks))


# ---------------------------------------------------------------- Markdown

def to_markdown(article: Article) -> str:
    """An article as Markdown with YAML front matter, in the shape `read_markdown` reads back."""
    import yaml

    meta = {"title": article.title, "source": article.publication, "author": article.author,
            "date": article.date, "url": article.url, "language": article.language}
    front = yaml.safe_dump({k: v for k, v in meta.items() if v}, sort_keys=False, allow_unicode=True,
                           width=10_000)
    return f"---\n{front}---\n\n" + "\n\n".join(_chunks(article)) + "\n"


def _chunks(article: Article) -> list[str]:
    """One Markdown chunk per block; consecutive list items make one chunk."""
    chunks: list[str] = []
    for (kind, ordered), group in groupby(article.blocks, key=lambda b: (b.kind, b.ordered)):
        blocks = list(group)
        if kind == "item":
            chunks.append("\n".join(f"{f'{i}.' if ordered else '-'} {_line(b.runs)}"
                                    for i, b in enumerate(blocks, 1)))
        else:
            chunks.extend(filter(None, map(_block, blocks)))
    return chunks


def _block(block: Block) -> str:
    if block.kind == "heading":
        text = re.sub(r"#$", r"\\#", _line(block.runs))   # a trailing # would close the heading
        return f"{'#' * min(max(block.level, 2), 6)} {text}"
    if block.kind == "quote":
        return f"> {_line(block.runs)}"
    if block.kind == "question":
        return f"**{_line(block.runs)}**"
    if block.kind == "table":
        return _table(block)
    if block.kind == "image" and block.image is not None:
        src = f"{block.image.path.parent.name}/{block.image.path.name}"
        caption = " ".join(block.image.caption.replace("\\", "\\\\").replace('"', '\\"').split())
        title = f' "{caption}"' if caption else ""
        return f"![{_escape(' '.join(block.image.alt.split()))}](<{src}>{title})"
    return _line(block.runs)


def _table(block: Block) -> str:
    width = max(len(row) for row in block.rows)
    rows = [[_inline(cell).replace("|", "\\|") for cell in row] + [""] * (width - len(row)) for row in block.rows]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * width)   # Markdown needs a header row: the first row is it
    return "\n".join(lines)


def _line(runs: tuple[Run, ...]) -> str:
    """Inline Markdown for a block that starts a line: a leading marker character is escaped."""
    text = _inline(runs)
    m = re.match(r"(\d{1,9})([.)])", text)
    if m:
        return f"{m[1]}\\{m[2]}{text[m.end():]}"
    return "\\" + text if text[:1] in "#>-+=~" and text else text


def _inline(runs: tuple[Run, ...]) -> str:
    """Runs as inline Markdown: emphasis, strong, code and links; the rest escaped."""
    out = []
    for href, group in groupby(runs, key=lambda r: r.href):
        text = "".join(_styled(r) for r in group)
        out.append(f"[{text.strip()}]({_destination(href)})" if href and text.strip() else text)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _destination(href: str) -> str:
    return f"<{href}>" if re.search(r"[\s()<>]", href) else href


def _styled(run: Run) -> str:
    core = run.text.strip()
    if not core:
        return run.text
    lead = run.text[:len(run.text) - len(run.text.lstrip())]
    trail = run.text[len(run.text.rstrip()):]
    if run.code:
        fence = "`" * (max((len(m) for m in re.findall(r"`+", core)), default=0) + 1)
        pad = " " if core.startswith("`") or core.endswith("`") else ""
        core = f"{fence}{pad}{core}{pad}{fence}"
    else:
        core = _escape(core)
    if run.italic:
        core = f"*{core}*"
    if run.bold:
        core = f"**{core}**"
    return lead + core + trail


def _escape(text: str) -> str:
    text = re.sub(r"([\\`*\[\]<>])", r"\\\1", text)
    text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)       # `_` inside a word is plain text
    return re.sub(r"&(?=#?\w+;)", r"\\&", text)                     # keep "&amp;" literal
