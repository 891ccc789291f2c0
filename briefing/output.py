"""Writing outputs so that a failed or interrupted build never leaves a half-written file.

Every output is first written in full to a hidden temporary file beside its final name, then
all of them are renamed into place together; an error, Ctrl-C or SIGTERM on the way removes the
temporary files and leaves the previous outputs as they were. While a build runs it holds a lock
on the output folder, so a second build into the same folder stops at once instead of
interleaving its files with the first one's.
"""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import Iterator

from .errors import OutputBusyError, OutputError

TEMP_SUFFIX = ".tmp"


def check_output_dir(folder: Path, sources: Path) -> None:
    """Refuse, before any work, an output folder that can never be written or would be read back
    as sources (sub-folders of sources/ are fine: they are not read)."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, not a folder; choose another with --output", folder)
    try:
        same = folder.resolve() == sources.resolve()
    except (OSError, RuntimeError):
        same = False
    if same:
        raise OutputError("is the sources folder: the outputs would be read as articles next time; "
                          "choose another with --output", folder)


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


@contextlib.contextmanager
def output_lock(folder: Path, names: tuple[str, ...] = ()) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (flock on the folder itself: no lock file is
    left behind) and remove what an earlier, killed build left of the temporary files of `names`."""
    prepare_output_dir(folder)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusyError("another build is writing to this folder; wait for it or use --output",
                                  folder) from None
        except (ImportError, OSError):
            pass  # no locking here (another OS, a file system without flock): build unlocked
        for name in names:
            for stale in folder.glob(f".{name}.*{TEMP_SUFFIX}"):
                stale.unlink(missing_ok=True)
        yield
    finally:
        os.close(fd)  # releases the lock


def write_outputs(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside it, then rename them all into place."""
    temps: dict[Path, str] = {}
    current = next(iter(files), Path())
    try:
        for current, data in files.items():
            prepare_output_dir(current.parent)
            temps[current] = _write_temp(current, data)
        with _signals_held():  # the renames go together: never one new output beside an old one
            for path, tmp in temps.items():
                os.replace(tmp, path)
        for folder in {path.parent for path in files}:
            _sync_dir(folder)
    except BaseException as exc:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write ({exc.strerror}); check the output folder", current) from None
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write one file through a temporary file beside it, renamed into place."""
    write_outputs({path: data})


def _write_temp(path: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _sync_dir(folder: Path) -> None:
    """Make the renames durable (a crash right after still finds the new files)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Defer SIGINT and SIGTERM for the moment the outputs are renamed (main thread only)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
