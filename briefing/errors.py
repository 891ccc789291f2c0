"""User-facing errors: each carries one plain line naming the file and what to do."""
from __future__ import annotations

from pathlib import Path


class BriefingError(Exception):
    """An error the user can fix; its message is one line naming the file and the fix."""

    exit_code = 1

    def __init__(self, message: str, path: Path | str | None = None, warnings: tuple[str, ...] = (),
                 line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.warnings = warnings  # what was skipped on the way, shown before the error
        where = f"{path}, line {line}" if path is not None and line is not None else path
        super().__init__(f"{where}: {message}" if where is not None else message)


class SourceError(BriefingError):
    """A source file that cannot be read as an article; the build skips it with a warning."""


class NoSourcesError(BriefingError):
    """Nothing to build from."""

    exit_code = 2


class LayoutError(BriefingError):
    """A template or stylesheet is missing or broken."""

    exit_code = 3


class OutputError(BriefingError):
    """The output folder cannot be written."""

    exit_code = 4


class OutputBusyError(OutputError):
    """Another build holds the output folder's lock."""

    exit_code = 75  # EX_TEMPFAIL: trying again later works


class LeftOutError(BriefingError):
    """Some articles could not be read, and --allow-missing was not given: nothing is written."""

    exit_code = 1


class StrictError(BriefingError):
    """`--strict` was given and the build produced warnings."""

    exit_code = 1
