"""Wall time and peak memory of a command, counting every process it starts.

Memory is sampled by a background thread every `interval` seconds (20 ms by default): at each
sample, the resident set sizes (RSS) of the process and all its descendants are summed, and
the peak is the largest such sum. Processes shorter than the interval may be missed, and pages
shared between processes are counted once per process (as `ps` or `top` would show them).
Wall time is taken around the process's start and its exit. The sampling is not free: its /proc
reads compete with the command, and on a 2-core machine they slowed our two-process build of the
samples by a tenth (0.84 s against 0.76 s, medians of 9) while pandoc's single process did not
notice (0.80 s either way). `interval=None` runs the command without sampling, for wall times.
CPU time (user + system, from getrusage of the waited-for children) is reported too: unlike
wall time, it barely moves when other work shares the machine.
"""
from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

INTERVAL = 0.02
STDERR_TAIL = 2000  # characters of stderr kept for error reports


@dataclass(frozen=True)
class Measurement:
    """The cost of running one command (or a sequence of them)."""

    wall_s: float
    peak_rss: int  # bytes
    returncode: int
    stderr: str = ""
    samples: int = 0  # how many memory samples were taken
    cpu_s: float = 0.0  # user + system CPU time of the process tree (waited-for processes)

    @property
    def ok(self) -> bool:
        """True when the command (every command of a sequence) exited with status 0."""
        return self.returncode == 0

    @property
    def peak_mb(self) -> float:
        """The peak in MiB."""
        return self.peak_rss / (1024 * 1024)


@dataclass
class _Sampler:
    """Samples the summed RSS of a process tree in a thread until stopped."""

    process: psutil.Process
    interval: float
    peak: int = 0
    count: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Sample until `stop` is called (one sample at least)."""
        while True:
            self.peak = max(self.peak, tree_rss(self.process))
            self.count += 1
            if self._stop.wait(self.interval):
                return

    def stop(self) -> None:
        """Ask the sampling thread to finish."""
        self._stop.set()


def tree_rss(process: psutil.Process) -> int:
    """The summed RSS of a process and all its descendants (0 for those already gone)."""
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # exited, zombie, or not ours
            pass
    return total


def children_cpu() -> float:
    """User + system CPU seconds used so far by the terminated, waited-for child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def kill_tree(process: psutil.Process) -> None:
    """Kill a process and all its descendants (the command we started, nothing else)."""
    try:
        members = [*process.children(recursive=True), process]
    except psutil.Error:
        members = [process]
    for member in members:
        try:
            member.kill()
        except psutil.Error:
            pass


def wait(process: psutil.Popen, timeout: float | None) -> tuple[int, str]:
    """Wait for the process; past `timeout` seconds kill its tree. Returns (status, note)."""
    try:
        return process.wait(timeout=timeout), ""
    except psutil.TimeoutExpired:
        kill_tree(process)
        return process.wait(), f"\n[benchmark] killed after a timeout of {timeout:g} s\n"


def measure(command: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None,
            env: dict[str, str] | None = None, interval: float | None = INTERVAL,
            timeout: float | None = None) -> Measurement:
    """Run `command` to completion (stdout discarded) and return its wall time and peak memory
    (0 when `interval` is None: no sampling).

    A command still running after `timeout` seconds is killed with its descendants and
    reported as failed (its status is negative: killed by a signal).
    """
    with tempfile.TemporaryFile() as stderr:
        cpu_before = children_cpu()
        start = time.perf_counter()
        process = psutil.Popen([str(c) for c in command], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        sampler = _Sampler(process, interval or 0.0)
        thread = threading.Thread(target=sampler.run, daemon=True) if interval is not None else None
        if thread is not None:
            thread.start()
        returncode, note = wait(process, timeout)
        wall = time.perf_counter() - start
        sampler.stop()
        if thread is not None:
            thread.join()
        stderr.seek(0)
        tail = (stderr.read().decode("utf-8", "replace") + note)[-STDERR_TAIL:]
    return Measurement(wall, sampler.peak, int(returncode), tail, sampler.count, children_cpu() - cpu_before)


def measure_sequence(commands: Sequence[Sequence[str | os.PathLike[str]]], *, cwd: Path | None = None,
                     env: dict[str, str] | None = None, interval: float | None = INTERVAL,
                     timeout: float | None = None) -> Measurement:
    """Run commands one after the other, as a user would; stop at the first failure.

    The wall time is the sum of theirs, the peak the largest of theirs (they never overlap);
    `timeout` applies to each command.
    """
    results: list[Measurement] = []
    for command in commands:
        results.append(measure(command, cwd=cwd, env=env, interval=interval, timeout=timeout))
        if not results[-1].ok:
            break
    return Measurement(wall_s=sum(r.wall_s for r in results), peak_rss=max(r.peak_rss for r in results),
                       returncode=next((r.returncode for r in results if not r.ok), 0),
                       stderr="".join(r.stderr for r in results)[-STDERR_TAIL:],
                       samples=sum(r.samples for r in results), cpu_s=sum(r.cpu_s for r in results))


if __name__ == "__main__":
    import sys

    result = measure(sys.argv[1:])
    print(f"{result.wall_s:.3f} s (CPU {result.cpu_s:.3f} s), peak {result.peak_mb:.1f} MiB, "
          f"exit {result.returncode}, {result.samples} samples")
