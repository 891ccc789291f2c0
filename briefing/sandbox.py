"""The rendering sandbox: resources come only from the project's allowed folders, never the network."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse


class Sandbox:
    """Allowed folders (sources, layouts, fonts) and a record of what was blocked."""

    def __init__(self, base: Path, allowed: list[Path]) -> None:
        self.base = base
        self.roots = [p.resolve() for p in allowed if p is not None]
        self._blocked: list[str] = []

    def allows_path(self, path: Path) -> bool:
        """Whether a file (symbolic links resolved) lies inside an allowed folder and exists."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            self._blocked.append(f"missing resource {path.name} (looked for {path})")
            return False
        if real.is_file() and any(real.is_relative_to(root) for root in self.roots):
            return True
        self._blocked.append(f"blocked resource outside the allowed folders: {path}")
        return False

    def blocked(self) -> tuple[str, ...]:
        """Warnings for every resource that was refused."""
        return tuple(dict.fromkeys(self._blocked))

    def url_fetcher(self):
        """A WeasyPrint URL fetcher that serves only allowed local files and data: URLs."""
        from weasyprint import URLFetcher
        from weasyprint.urls import URLFetcherResponse

        sandbox = self

        class SandboxFetcher(URLFetcher):
            def fetch(self, url: str, headers=None):
                parsed = urlparse(url)
                if parsed.scheme == "data":
                    return super().fetch(url, headers)
                if parsed.scheme == "file" and not parsed.netloc:
                    path = Path(unquote(parsed.path))
                    if sandbox.allows_path(path):
                        return URLFetcherResponse(url, path.resolve().read_bytes())
                    raise ValueError(f"blocked {url}")
                sandbox._blocked.append(f"blocked network resource {url}")
                raise ValueError(f"blocked {url}")

        return SandboxFetcher(allowed_protocols={"file", "data"})
