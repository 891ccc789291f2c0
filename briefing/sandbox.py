"""The rendering sandbox: resources come only from the project's allowed folders, never the network.

Both outputs go through it: WeasyPrint fetches every stylesheet, font and image with
`Sandbox.url_fetcher()`, and the EPUB packs only images that `allows_image` accepted, read with
`read` (SVG cleaned of scripts and outside references), and a stylesheet passed through
`epub_css`. Every refusal is recorded and reported as a warning; the build goes on.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

# What an image file must start with, by extension; SVG is checked by parsing it.
_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}
IMAGE_SUFFIXES = frozenset(_MAGIC) | {".svg"}
# SVG elements that run code or embed other documents.
_SVG_ACTIVE = frozenset({"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler",
                         "listener", "animation"})
# Bounded, and stopping at characters that cannot be inside, so hostile CSS stays linear to scan.
_CSS_IMPORT = re.compile(r"@import\b[^;{}@]{0,2048};?", re.I)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"\n]{0,2048})"|'([^'\n]{0,2048})'|([^()"'\s]{0,2048}))\s*\)""", re.I)


class BlockedResource(ValueError):
    """Raised to WeasyPrint for a refused URL; its own log line about it is dropped (we report it)."""


class Sandbox:
    """Allowed folders (sources, layouts, fonts) and a record of what was blocked."""

    def __init__(self, base: Path, allowed: list[Path | None]) -> None:
        self.base = base
        self.roots = [p.resolve() for p in allowed if p is not None]
        self._blocked: list[str] = []
        self._images: dict[Path, bytes | None] = {}

    def allows_path(self, path: Path) -> bool:
        """Whether a file (symbolic links resolved) lies inside an allowed folder and exists."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            self._blocked.append(f"missing resource {path.name} (looked for {path})")
            return False
        if real.is_file() and any(real.is_relative_to(root) for root in self.roots):
            return True
        self._blocked.append(f"blocked resource outside the allowed folders: {path}")
        return False

    def allows_image(self, path: Path) -> bool:
        """Whether an article image may go into the outputs: allowed, and really the image type its
        extension says (so the EPUB's media types are right)."""
        return self.read(path) is not None

    def read(self, path: Path) -> bytes | None:
        """The bytes of an allowed image (an SVG cleaned of scripts and outside references), or None."""
        try:
            key = path.resolve()
        except (OSError, RuntimeError, ValueError):
            key = path
        if key not in self._images:
            self._images[key] = self._load_image(path)
        return self._images[key]

    def _load_image(self, path: Path) -> bytes | None:
        if not self.allows_path(path):
            return None
        suffix = path.suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            self._blocked.append(f"image {path} is not PNG, JPEG, GIF, WebP or SVG; left out")
            return None
        try:
            data = path.resolve().read_bytes()
        except OSError as exc:
            self._blocked.append(f"image {path} cannot be read ({exc.strerror}); left out")
            return None
        if suffix == ".svg":
            clean = clean_svg(data, lambda url: self._blocked.append(f"blocked {url} in the SVG image {path}"))
            if clean is None:
                self._blocked.append(f"image {path} is not a valid SVG file; left out")
            return clean
        if not data.startswith(_MAGIC[suffix]) or (suffix == ".webp" and data[8:12] != b"WEBP"):
            self._blocked.append(f"image {path} is not a {suffix[1:].upper()} file; left out")
            return None
        return data

    def blocked(self) -> tuple[str, ...]:
        """Warnings for every resource that was refused."""
        return tuple(dict.fromkeys(self._blocked))

    def epub_css(self, css: str, name: str) -> str:
        """A layout stylesheet for the EPUB with every @import and outside url() removed: a reading
        system must find nothing to fetch."""
        return clean_css(css, lambda url: self._blocked.append(f"blocked {url} in {name} (EPUB)"))

    def url_fetcher(self):
        """A WeasyPrint URL fetcher that serves only allowed local files and data: URLs."""
        from weasyprint import URLFetcher
        from weasyprint.urls import URLFetcherResponse

        _quiet_blocked_logs()
        sandbox = self

        class SandboxFetcher(URLFetcher):
            def fetch(self, url: str, headers=None):
                if not url:
                    raise BlockedResource("no URL")
                parsed = urlparse(url)
                if parsed.scheme == "data":   # decoded here: urllib would count as a network request
                    media, data = _data_url(url)
                    return URLFetcherResponse(url, data, {"Content-Type": media})
                if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
                    path = Path(unquote(parsed.path))
                    if path.suffix.lower() == ".svg":
                        data = sandbox.read(path)
                    else:
                        data = path.resolve().read_bytes() if sandbox.allows_path(path) else None
                    if data is not None:
                        return URLFetcherResponse(url, data)
                    raise BlockedResource(f"blocked {url}")
                sandbox._blocked.append(f"blocked network resource {url}")
                raise BlockedResource(f"blocked {url}")

        return SandboxFetcher(allowed_protocols={"file", "data"})


def _data_url(url: str) -> tuple[str, bytes]:
    """The media type and the bytes of a data: URL (RFC 2397)."""
    import base64
    from urllib.parse import unquote_to_bytes

    header, _, payload = url[len("data:"):].partition(",")
    if header.lower().endswith(";base64"):
        return header[:-len(";base64")] or "text/plain", base64.b64decode(unquote_to_bytes(payload))
    return header or "text/plain;charset=US-ASCII", unquote_to_bytes(payload)


def clean_svg(data: bytes, report=lambda url: None) -> bytes | None:
    """An SVG without scripts, event handlers, embedded documents or references to anything but
    itself and inline data (each reference removed is passed to `report`); None when it is not
    an SVG document."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_pis=True, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        return None
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or etree.QName(el).localname in _SVG_ACTIVE:
            if el.getparent() is not None:
                el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            local, value = etree.QName(attr).localname.lower(), el.attrib[attr]
            if local.startswith("on"):
                del el.attrib[attr]
            elif local in ("href", "src") and not _inline(value):
                report(value)
                del el.attrib[attr]
                if etree.QName(el).localname in ("image", "use", "feImage") and el.getparent() is not None:
                    el.getparent().remove(el)  # nothing left to show
                    break
            elif "url(" in value.lower() or local == "style":
                el.attrib[attr] = clean_css(value, report)
        if etree.QName(el).localname == "style" and el.text:
            el.text = clean_css(el.text, report)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def clean_css(css: str, report=lambda url: None) -> str:
    """CSS without @import rules, every url() that is not inline data or a fragment replaced by none
    (each reference removed is passed to `report`)."""
    def url(m: re.Match) -> str:
        target = next((g for g in m.groups() if g is not None), "").strip()
        if _inline(target):
            return m.group(0)
        report(target)
        return "none"

    def imported(m: re.Match) -> str:
        target = re.search(r"""url\(\s*["']?([^"')\s]*)|["']([^"']*)["']""", m.group(0))
        report(next((g for g in target.groups() if g), "") if target else m.group(0).strip())
        return ""

    return _CSS_URL.sub(url, _CSS_IMPORT.sub(imported, css))


def _inline(url: str) -> bool:
    """A reference that loads nothing from outside: a fragment (#id) or inline image data."""
    url = url.strip()
    return url.startswith("#") or bool(re.match(r"(?i)data:image/(?:png|jpeg|gif|webp)[;,]", url))


def _quiet_blocked_logs() -> None:
    """Drop WeasyPrint's own "Failed to load …" line for a URL we refused: the sandbox's warning
    already names it."""
    logger = logging.getLogger("weasyprint")
    if not any(isinstance(f, _BlockedFilter) for f in logger.filters):
        logger.addFilter(_BlockedFilter())


class _BlockedFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        # WeasyPrint re-raises a fetcher's exception as URLFetchingError; ours is its context.
        return not any(isinstance(a, BlockedResource) or isinstance(getattr(a, "__context__", None), BlockedResource)
                       for a in args)
