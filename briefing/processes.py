"""Work done in a second process, forked early while this one is still small (a fork copies the
parent's memory map, and a late fork of a large layout would count twice in memory).

A `Worker` is forked with a function; later it is sent one input, computes the function of it
while this process does something else, and sends back the pickled result. Where fork is missing
or the worker fails, `result()` computes the same thing here, so errors surface as they would
without a worker.
"""
from __future__ import annotations

import mmap
import os
import pickle
import signal
import threading
from typing import Callable, Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class Worker(Generic[In, Out]):
    """`fn` run on one input in a forked process. With `prepare`, the worker starts on that at once
    and then calls `fn(input, prepared)`. With `inbox`, it calls `fn(input, inbox)`: `inbox()`
    waits for the next value the parent `tell`s it. With `spill`, the answer goes through a
    temporary file: the worker has ended before this process reads it, so a large answer is not
    held by both processes at once."""

    def __init__(self, fn: Callable[..., Out], prepare: Callable[[], object] | None = None,
                 inbox: bool = False, spill: bool = False) -> None:
        if inbox:
            with_inbox = fn
            fn = lambda value: with_inbox(value, self._inbox)  # noqa: E731
        self.fn = (lambda value: fn(value, prepare())) if prepare else fn
        self.pid = 0
        self.value: In | None = None
        self.told: list = []   # what `tell` gave, for `fn` computed here
        self._tell = self._heard = -1
        self._spill = None
        if not hasattr(os, "fork"):
            return
        if spill:
            import tempfile

            self._spill = tempfile.TemporaryFile()
        from_parent, to_child = os.pipe()     # (read end, write end)
        from_child, to_parent = os.pipe()
        heard, tell = os.pipe() if inbox else (-1, -1)
        try:
            pid, mask = _fork()
        except OSError:
            for fd in (to_child, from_parent, from_child, to_parent, heard, tell):
                if fd >= 0:
                    os.close(fd)
            return
        if pid == 0:
            status = 1
            try:
                if mask is not None:
                    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(from_child)   # the parent's ends
                os.close(to_child)
                if tell >= 0:
                    os.close(tell)
                    self._heard = heard
                die_with_parent()
                prepared = prepare() if prepare else None
                # One length-prefixed value: a later worker may hold this pipe open (forks copy
                # every descriptor), so its end is not awaited.
                with open(from_parent, "rb", buffering=0) as pipe:
                    data = _read_exactly(pipe, int.from_bytes(_read_exactly(pipe, 8), "big"))
                if data:
                    value = pickle.loads(data)
                    out = fn(value, prepared) if prepare else fn(value)
                    if self._spill is not None:
                        pickle.dump(out, self._spill, protocol=pickle.HIGHEST_PROTOCOL)
                        self._spill.flush()
                        del out
                        with os.fdopen(to_parent, "wb") as pipe:
                            pipe.write(b"spilt")
                    else:
                        # pickled as it is written: the parent unpickles the first frames meanwhile
                        with os.fdopen(to_parent, "wb", buffering=1 << 20) as pipe:
                            pickle.dump(out, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                    status = 0
            except BaseException:  # the parent computes it again and reports the error
                pass
            finally:
                os._exit(status)
        os.close(from_parent)
        os.close(to_parent)
        if heard >= 0:
            os.close(heard)
            self._tell = tell
        self.pid, self._send, self._receive = pid, to_child, from_child

    def tell(self, value) -> None:
        """Give the worker, which has started, one more value (its `inbox()` returns them in turn)."""
        self.told.append(value)
        if self.pid and self._tell >= 0:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            try:
                with open(self._tell, "wb", closefd=False) as pipe:
                    pipe.write(len(data).to_bytes(8, "big") + data)
            except OSError:
                pass

    def _inbox(self):
        """In the worker, the next value the parent told (waiting for it); here, the next one told."""
        if self._heard < 0:
            return self.told.pop(0)
        with open(self._heard, "rb", buffering=0, closefd=False) as pipe:
            size = int.from_bytes(_read_exactly(pipe, 8), "big")
            return pickle.loads(_read_exactly(pipe, size))

    def send(self, value: In) -> None:
        """Give the worker its input (it starts now)."""
        self.value = value
        if self.pid:
            try:
                data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                send, self._send = self._send, -1   # closed below: never closed again
                with os.fdopen(send, "wb") as pipe:
                    pipe.write(len(data).to_bytes(8, "big") + data)
            except OSError:
                pass

    def result(self) -> Out:
        """The worker's answer; computed here when there is no worker or it gave none."""
        if self.pid:
            try:
                with os.fdopen(self._receive, "rb", buffering=1 << 20) as pipe:
                    try:
                        if self._spill is None:
                            return pickle.load(pipe)
                        spilt = pipe.read() == b"spilt"
                    except Exception:  # noqa: BLE001 - no answer (the worker failed): computed here
                        spilt = False
            finally:
                os.waitpid(self.pid, 0)
                self.pid = 0
            if spilt:
                with self._spill:
                    self._spill.seek(0)
                    return pickle.load(self._spill)
        return self.fn(self.value)  # type: ignore[arg-type]

    def cancel(self) -> None:
        """Stop a worker whose answer is no longer wanted."""
        if self._spill is not None:
            self._spill.close()
        if self._tell >= 0:
            try:
                os.close(self._tell)
            except OSError:
                pass
            self._tell = -1
        if self.pid:
            for fd in (self._send, self._receive):
                if fd < 0:
                    continue
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0


def _read_exactly(pipe, size: int) -> bytes:
    """`size` bytes from a pipe (EOFError when it closes before)."""
    data = b""
    while len(data) < size:
        more = pipe.read(size - len(data))
        if not more:
            raise EOFError("the parent went away")
        data += more
    return data


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Linux: have the kernel stop this process when its parent ends (e.g. a cancelled build)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(sig))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def parallel_map(fn: Callable[[In], Out], items, minimum: int = 16,
                 done: Callable[[int], None] | None = None) -> list[Out]:
    """[fn(x) for x in items], the second half computed in a forked worker (results pickled back,
    order kept); done here alone for a few items or where fork is missing. `done` is called here
    after each item with how many are done in both processes."""
    items = list(items)
    tell = done or (lambda n: None)
    if len(items) < minimum or not hasattr(os, "fork"):
        out = []
        for item in items:
            out.append(fn(item))
            tell(len(out))
        return out
    half = len(items) // 2
    counter = mmap.mmap(-1, 8)    # anonymous and shared: the worker counts its items in it

    def there(part: list) -> list:
        out = []
        for item in part:
            out.append(fn(item))
            counter[:8] = len(out).to_bytes(8, "little")
        return out

    worker: Worker[list, list] = Worker(there)
    worker.send(items[half:])
    try:
        first = []
        for item in items[:half]:
            first.append(fn(item))
            tell(len(first) + int.from_bytes(counter[:8], "little"))
        rest = worker.result()
        tell(len(items))
        return first + rest
    finally:
        worker.cancel()
        counter.close()


def alongside(there: Callable[[], Out], here: Callable[[], In]) -> tuple[Out, In]:
    """(there(), here()), `there` computed in a forked worker while `here` runs in this process."""
    worker: Worker[None, Out] = Worker(lambda _: there())
    worker.send(None)
    try:
        mine = here()
        return worker.result(), mine
    finally:
        worker.cancel()


def alongside_pdf(make_pdf: Callable[[Callable | None, Callable[[], None]], Out],
                  make_epub: Callable[[Callable[[], object]], In] | None) -> tuple[Out, In | None]:
    """The PDF made here and the EPUB in a worker: `make_pdf(laid_out, spare)` calls `spare()` once
    a core is free (the worker then starts) and `laid_out(page_starts)` once its pages are known;
    `make_epub(page_starts)` calls `page_starts()` to wait for them."""
    if make_epub is None:
        return make_pdf(None, lambda: None), None
    epub: Worker[None, In] = Worker(lambda _, inbox: make_epub(inbox), inbox=True)
    started: list[bool] = []

    def spare() -> None:
        if not started:
            started.append(True)
            epub.send(None)

    try:
        pdf = make_pdf(epub.tell, spare)
        spare()
        return pdf, epub.result()
    finally:
        epub.cancel()


def _fork() -> tuple[int, set | None]:
    """os.fork() with SIGINT and SIGTERM held until it has returned, and the signal mask to restore.
    A Ctrl-C that arrives inside the fork's own callbacks (logging's lock release) would be printed
    as an ignored exception with a traceback; held, it is raised right after, where the build
    handles it. The parent gets its mask back here; the child restores it inside its own `try`, so
    that a signal sent to it at once ends it there and never unwinds into the caller's code."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        return os.fork(), None
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        raise
    if pid:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
    return pid, before
