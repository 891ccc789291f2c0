"""Run make_report.py under an audit hook that records every file opened and every network call.

Usage: python audit_run.py EVENTS_FILE make_report.py ARGS...  (events are written one per line,
as `open<TAB>path<TAB>mode` or `net<TAB>event<TAB>args`). Audit hooks cannot be removed, so the
sandbox tests run this in a subprocess of its own.
"""
import os
import sys

log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
cwd = os.getcwd()


def hook(event, args):
    if event == "open":
        path, mode = args[0], args[1]
        if isinstance(path, int):
            return  # os.fdopen of a descriptor already opened (and recorded)
        path = os.fsdecode(path)
        line = f"open\t{os.path.join(cwd, path)}\t{mode}\n"
    elif event.startswith(("socket.", "http.client.", "urllib.", "ftplib.", "smtplib.")) or event in (
            "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
        line = f"net\t{event}\t{args!r}\n".replace("\n", " ").rstrip() + "\n"
    else:
        return
    os.write(log, line.encode("utf-8", "backslashreplace"))


sys.addaudithook(hook)
script = sys.argv[2]
sys.argv = sys.argv[2:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
import runpy  # noqa: E402

runpy.run_path(script, run_name="__main__")
