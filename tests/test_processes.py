"""The worker processes: a worker stopped at once ends where it is, never in its parent's code."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import os, signal
from briefing.processes import Worker

def interrupt(signum, frame):   # what make_report does with SIGTERM: unwind like Ctrl-C
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, interrupt)
parent = os.getpid()
for _ in range(200):
    Worker(len).cancel()       # forked, then sent SIGTERM right away
print("parent" if os.getpid() == parent else "a worker ran its parent's code")
"""


def test_a_worker_cancelled_at_once_never_unwinds_into_its_parents_code():
    """A SIGTERM held during the fork is delivered in the worker inside its own `try` (it ends
    there), not on the way back to the code that created it."""
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "parent\n" and "Traceback" not in done.stderr, (done.stdout[-300:], done.stderr[-500:])
