"""`watch`: rebuild the briefing whenever its sources, layouts, fonts or config change."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .build import build
from .errors import BriefingError
from .config import DEFAULT_LAYOUTS, FONTS_DIR
from .model import Settings
from .progress import Progress, silent

DEBOUNCE_MS = 300     # editors write a file in several steps; wait for them to finish
WAKE_MS = 500


@dataclass(frozen=True)
class Rebuild:
    """The outcome of one build: a line for the user, the warnings, and the folders now watched."""

    ok: bool
    message: str
    warnings: tuple[str, ...] = ()
    watching: tuple[Path, ...] = ()


def rebuild(settings_for: Callable[[], Settings], first: bool = False,
            progress: Progress = silent) -> tuple[Rebuild, Settings | None]:
    """Build once with freshly read settings; a failure becomes a message and writes nothing."""
    start = time.monotonic()
    settings = None
    try:
        settings = settings_for()
        result = build(settings, progress)
    except BriefingError as exc:
        return Rebuild(False, f"build failed: {exc}; {_kept(settings)}", exc.warnings), settings
    except Exception as exc:  # noqa: BLE001 - one broken build must not end the watch
        return Rebuild(False, f"build failed: internal error ({type(exc).__name__}: {exc}); {_kept(settings)}"
                              " (run `make-report build --debug` for the traceback)"), settings
    files = ", ".join(str(out.path) for out in result.outputs)
    if result.up_to_date:
        return Rebuild(True, f"up to date: {files}", result.warnings), settings
    verb = "built" if first else "rebuilt"
    return Rebuild(True, f"{verb} {files} in {time.monotonic() - start:.1f} s", result.warnings), settings


def _kept(settings: Settings | None) -> str:
    if settings is not None and not any((settings.output / f"{settings.basename}.{kind}").exists()
                                        for kind in settings.formats):
        return "nothing was written"
    return "kept the last good outputs"


def watched(settings: Settings | None, config: Path | None) -> tuple[Path, ...]:
    """What triggers a rebuild: the sources and layouts folders, the built-in layouts and fonts,
    and the config file."""
    paths = [*(p for p in (settings.sources, settings.layouts) if p is not None)] if settings else []
    paths += [DEFAULT_LAYOUTS, FONTS_DIR, *([config] if config is not None else [])]
    out: list[Path] = []
    for path in paths:
        real = path.resolve()
        if real.exists() and real not in out:
            out.append(real)
    return tuple(out)


def watch(settings_for: Callable[[], Settings], config: Path | None,
          debounce_ms: int = DEBOUNCE_MS, stop_event=None, progress: Progress = silent) -> Iterator[Rebuild]:
    """Build, then build again after every relevant change, yielding each outcome; ends on
    Ctrl-C (KeyboardInterrupt) or when `stop_event` is set. Each build reports to `progress`."""
    import watchfiles

    try:
        settings: Settings | None = settings_for()
    except BriefingError:
        settings = None                   # the first build reports it; the config is still watched
    first = True
    while True:
        paths = watched(settings, config)
        folders = {p if p.is_dir() else p.parent for p in paths}   # editors often replace a saved file
        roots = sorted(f for f in folders if not any(f != o and f.is_relative_to(o) for o in folders))
        # Waking up every WAKE_MS tells us when the watcher is ready: the first build waits for
        # that, so a file saved during it is not missed.
        changes = watchfiles.watch(*roots, watch_filter=_Relevant(settings, paths), debounce=debounce_ms,
                                   stop_event=stop_event, rust_timeout=WAKE_MS, yield_on_timeout=True,
                                   raise_interrupt=True)
        try:
            for batch in changes:
                if not batch and not first:
                    continue
                outcome, fresh = rebuild(settings_for, first, progress)
                first = False
                settings = fresh or settings     # a broken config keeps watching what was watched
                now = watched(settings, config)
                yield Rebuild(outcome.ok, outcome.message, outcome.warnings, now)
                if now != paths:
                    break                        # the config moved the sources or layouts
            else:
                return                           # stop_event was set
        finally:
            changes.close()


class _Relevant:
    """A watchfiles filter: changes to the watched folders and files, never to the outputs."""

    def __init__(self, settings: Settings | None, paths: tuple[Path, ...]) -> None:
        import watchfiles

        self.default = watchfiles.DefaultFilter()   # editor swap files, .git ...
        self.output = settings.output.resolve() if settings is not None else None
        self.paths = paths

    def __call__(self, change, path: str) -> bool:
        if not self.default(change, path):
            return False
        p = Path(path)
        if self.output is not None and p.is_relative_to(self.output):
            return False
        return any(p.is_relative_to(watched) for watched in self.paths)
