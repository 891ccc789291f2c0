"""Writing outputs so that a failed or interrupted build never leaves a half-written file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def prepare_output_dir(folder: Path) -> None:
    """Create the output folder if needed; a folder that cannot be written is a clear error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror}); choose another with --output",
                          folder) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("output folder is not writable; fix its permissions or choose another with --output",
                          folder)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    prepare_output_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write ({exc.strerror}); check the output folder", path) from None
        raise
