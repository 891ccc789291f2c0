"""Benchmark of issue 7 ("Fast at any size"): our build against the pandoc pipeline.

For each corpus size, writes a corpus of distinct articles (see `corpus.py`), then builds it
with `make_report.py build` (PDF + EPUB in one command) and with the pandoc pipeline a user
would reach for (`pandoc --pdf-engine=weasyprint -o x.pdf`, then `pandoc -o x.epub`, run one
after the other on the same articles as Markdown). Reports the median wall time and peak
memory (summed RSS of the whole process tree, see `measure.py`), the page counts and the
ratios ours/pandoc as a Markdown table on stdout and as JSON; progress goes to stderr.

    .venv/bin/python benchmarks/run.py [--sizes 2,100,500] [--repeat N] [--json out.json]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import corpus
from measure import INTERVAL, Measurement, measure, measure_sequence

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python" if (VENV_BIN / "python").exists() else Path(sys.executable)
MAKE_REPORT = ROOT / "make_report.py"
DEFAULT_SIZES = (2, 100, 500)
DEFAULT_JSON = Path(__file__).resolve().parent / "results.json"
HELP_RUNS = 10
DEFAULT_TIMEOUT = 1800.0  # seconds per command: a hung build must not hang the benchmark
MIB = 1024 * 1024


# --- commands ---------------------------------------------------------------------------------

def ours_command(sources: Path, output: Path, force: bool = True) -> list[str]:
    """Our build of both formats, quiet; with `force`, whatever the no-op cache says."""
    return [str(PYTHON), str(MAKE_REPORT), "build", "--sources", str(sources), "--output", str(output), "-q",
            *(["--force"] if force else [])]


def pandoc_commands(pandoc: str, files: Sequence[Path], output: Path) -> list[list[str]]:
    """The reference pipeline: the PDF through WeasyPrint, then the EPUB, from the same files."""
    common = [pandoc, "--metadata", "title=Briefing"]
    names = [str(f) for f in files]
    return [[*common, "--pdf-engine=weasyprint", "-o", str(output / "pandoc.pdf"), *names],
            [*common, "-o", str(output / "pandoc.epub"), *names]]


def pandoc_env() -> dict[str, str]:
    """The environment for pandoc: the venv's `weasyprint` first on PATH."""
    return {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def version_of(command: list[str], env: dict[str, str] | None = None) -> str:
    """The first line a `--version` command prints, or 'unknown'."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else "unknown"


# --- outputs -----------------------------------------------------------------------------------

def pdf_pages(path: Path | None) -> int | None:
    """The page count of a PDF, or None when it is missing or unreadable."""
    if path is None or not path.is_file():
        return None
    from pypdf import PdfReader

    try:
        return len(PdfReader(path).pages)
    except Exception:  # noqa: BLE001 - a broken PDF is reported as "no page count"
        return None


def output_file(folder: Path, suffix: str) -> Path | None:
    """The (first) finished output with this suffix in a folder."""
    found = sorted(p for p in folder.glob(f"*{suffix}") if p.is_file()) if folder.is_dir() else []
    return found[0] if found else None


def describe_outputs(folder: Path) -> dict:
    """Page count of the PDF and sizes of the PDF and EPUB written into a folder."""
    pdf, epub = output_file(folder, ".pdf"), output_file(folder, ".epub")
    return {"pages": pdf_pages(pdf), "pdf_bytes": pdf.stat().st_size if pdf else None,
            "epub_bytes": epub.stat().st_size if epub else None}


# --- statistics --------------------------------------------------------------------------------

def summarize(runs: list[Measurement]) -> dict:
    """Medians of the successful runs, every run, and the error of the first failure."""
    good = [r for r in runs if r.ok]
    failed = next((r for r in runs if not r.ok), None)
    return {
        "time_s": statistics.median(r.wall_s for r in good) if good else None,
        "peak_mb": statistics.median(r.peak_mb for r in good) if good else None,
        "cpu_s": statistics.median(r.cpu_s for r in good) if good else None,
        "runs": [{"time_s": round(r.wall_s, 3), "cpu_s": round(r.cpu_s, 3), "peak_mb": round(r.peak_mb, 1),
                  "exit": r.returncode} for r in runs],
        "error": f"exit {failed.returncode}: {failed.stderr.strip()}" if failed else None,
    }


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, or None when either is unknown."""
    return a / b if a is not None and b else None


def progress(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def log_run(label: str, run: Measurement) -> Measurement:
    """Report one measured run on stderr and pass it on."""
    status = "" if run.ok else f" FAILED (exit {run.returncode})"
    progress(f"  {label}: {run.wall_s:.2f} s (CPU {run.cpu_s:.2f} s), peak {run.peak_mb:.0f} MiB{status}")
    return run


# --- benchmark ---------------------------------------------------------------------------------

def ours_once(sources: Path, out: Path, label: str,
              timeout: float) -> tuple[Measurement, Measurement | None, Measurement | None, dict]:
    """A cold build into a fresh folder (timed, not sampled), a no-op rebuild into the same
    folder, then a cold build into another fresh folder with memory sampling:
    (timed build, rebuild, sampled build, outputs)."""
    build = log_run(f"ours {label}", measure(ours_command(sources, out), cwd=ROOT, interval=None,
                                             timeout=timeout))
    if not build.ok:
        return build, None, None, {}
    rebuild = log_run(f"ours no-op rebuild {label}",
                      measure(ours_command(sources, out, force=False), cwd=ROOT, interval=None, timeout=timeout))
    outputs = describe_outputs(out)
    shutil.rmtree(out, ignore_errors=True)
    sampled = log_run(f"ours {label}, memory sampled",
                      measure(ours_command(sources, out), cwd=ROOT, timeout=timeout))
    shutil.rmtree(out, ignore_errors=True)
    return build, rebuild, sampled, outputs


def pandoc_once(pandoc: str, files: Sequence[Path], out: Path, label: str,
                timeout: float) -> tuple[Measurement, Measurement | None, dict]:
    """The pandoc pipeline (PDF, then EPUB) into a fresh folder, timed, then again with memory
    sampling: (timed run, sampled run, outputs)."""
    runs = []
    outputs: dict = {}
    for sampled in (False, True):
        out.mkdir(parents=True)
        run = log_run(f"pandoc {label}" + (", memory sampled" if sampled else ""),
                      measure_sequence(pandoc_commands(pandoc, files, out), cwd=out, env=pandoc_env(),
                                       interval=INTERVAL if sampled else None, timeout=timeout))
        outputs = outputs or (describe_outputs(out) if run.ok else {})
        shutil.rmtree(out, ignore_errors=True)
        runs.append(run)
        if not run.ok:
            break
    return runs[0], (runs[1] if len(runs) > 1 else None), outputs


def timed_and_sampled(timed: list[Measurement], sampled: list[Measurement]) -> dict:
    """Medians: wall time and CPU from the runs without sampling, peak memory from the sampled
    runs (their wall times kept as `sampled_time_s`)."""
    memory = summarize(sampled) if sampled else {"peak_mb": None, "time_s": None, "runs": [], "error": None}
    return {**summarize(timed), "peak_mb": memory["peak_mb"], "sampled_time_s": memory["time_s"],
            "sampled_runs": memory["runs"], "sampled_error": memory["error"]}


def bench_size(size: int, repeat: int, workdir: Path, pandoc: str | None, timeout: float) -> dict:
    """Everything measured for one corpus size; the tools' runs are interleaved.

    A tool that failed (or ran past `timeout` seconds) is not run again for this size: it
    would fail again, and the error is reported once.
    """
    progress(f"[{size} articles, {repeat} run(s)]")
    folder = workdir / f"size-{size}"
    written = corpus.write(size, folder / "corpus")
    builds: list[Measurement] = []
    rebuilds: list[Measurement] = []
    sampled_builds: list[Measurement] = []
    pandocs: list[Measurement] = []
    sampled_pandocs: list[Measurement] = []
    ours_outputs: dict = {}
    pandoc_outputs: dict = {}
    for i in range(repeat):
        label = f"{i + 1}/{repeat}"
        if all(r.ok for r in builds + sampled_builds):
            build, rebuild, sampled, outputs = ours_once(written.sources, folder / f"ours-{i}", label, timeout)
            builds.append(build)
            ours_outputs = outputs or ours_outputs
            rebuilds += [rebuild] if rebuild else []
            sampled_builds += [sampled] if sampled else []
        if pandoc and all(r.ok for r in pandocs + sampled_pandocs):
            run, sampled, outputs = pandoc_once(pandoc, written.markdown, folder / f"pandoc-{i}", label, timeout)
            pandocs.append(run)
            sampled_pandocs += [sampled] if sampled else []
            pandoc_outputs = outputs or pandoc_outputs
    rebuild = summarize(rebuilds)
    ours = {**timed_and_sampled(builds, sampled_builds), **ours_outputs, "noop_rebuild_s": rebuild["time_s"],
            "noop_rebuild_runs": rebuild["runs"]}
    theirs = {**timed_and_sampled(pandocs, sampled_pandocs), **pandoc_outputs} if pandoc else None
    return {
        "articles": size, "repeat": repeat, "corpus_bytes": written.bytes,
        "ours": ours, "pandoc": theirs,
        "time_ratio": ratio(ours["time_s"], theirs and theirs["time_s"]),
        "sampled_time_ratio": ratio(ours["sampled_time_s"], theirs and theirs["sampled_time_s"]),
        "memory_ratio": ratio(ours["peak_mb"], theirs and theirs["peak_mb"]),
    }


def bench_help() -> dict:
    """`make_report.py --help`: median wall time of HELP_RUNS runs."""
    progress(f"[--help, {HELP_RUNS} runs]")
    runs = [measure([PYTHON, MAKE_REPORT, "--help"], cwd=ROOT, interval=None, timeout=60) for _ in range(HELP_RUNS)]
    summary = summarize(runs)
    progress(f"  median {summary['time_s'] or 0:.3f} s")
    return summary


def warm_up(workdir: Path, pandoc: str | None, timeout: float) -> None:
    """One untimed build of the samples with each tool, so that no measured run is the very first."""
    progress("[warm-up: the samples, untimed]")
    written = corpus.write(len(corpus.read_samples()), workdir / "warm-up" / "corpus")
    measure(ours_command(written.sources, workdir / "warm-up" / "ours"), cwd=ROOT, timeout=timeout)
    if pandoc:
        out = workdir / "warm-up" / "pandoc"
        out.mkdir()
        measure_sequence(pandoc_commands(pandoc, written.markdown, out), cwd=out, env=pandoc_env(),
                         timeout=timeout)


def scaling(sizes: list[dict]) -> list[dict]:
    """Our time at each size divided by our time at the next smaller size."""
    rows = sorted(sizes, key=lambda s: s["articles"])
    return [{"from": a["articles"], "to": b["articles"], "linear": b["articles"] / a["articles"],
             "ours_time_ratio": ratio(b["ours"]["time_s"], a["ours"]["time_s"])}
            for a, b in zip(rows, rows[1:])]


# --- environment -------------------------------------------------------------------------------

def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_gib() -> float | None:
    """Total RAM in GiB from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine() -> dict:
    """The machine the benchmark ran on."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": cpus, "cpu": cpu_model(), "ram_gib": ram_gib(),
            "os": f"{platform.system()} {platform.release()}", "load_start": load_average()}


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages: above nproc, other work competed for the CPUs."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def versions(pandoc: str | None) -> dict:
    """Versions of the tools measured."""
    return {"python": platform.python_version(),
            "make_report": version_of([str(PYTHON), str(MAKE_REPORT), "--version"]),
            "pandoc": version_of([pandoc, "--version"]) if pandoc else None,
            "weasyprint": version_of(["weasyprint", "--version"], pandoc_env())}


# --- report ------------------------------------------------------------------------------------

def fmt(value: float | int | None, spec: str) -> str:
    """A number for the table, or an em dash when unknown."""
    return "—" if value is None else format(value, spec)


def size_text(n: int | None) -> str:
    """A file size for the table."""
    return "—" if n is None else (f"{n / 1024:.0f} KB" if n < MIB else f"{n / MIB:.1f} MB")


def table_row(cells: list[str]) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def main_table(sizes: list[dict]) -> list[str]:
    """The table asked for by the issue."""
    lines = [table_row(["articles", "ours time (s)", "ours peak (MiB)", "ours pages", "pandoc time (s)",
                        "pandoc peak (MiB)", "pandoc pages", "time ratio", "memory ratio"]),
             table_row(["---:"] * 9)]
    for s in sizes:
        ours, theirs = s["ours"], s["pandoc"] or {}
        lines.append(table_row([
            str(s["articles"]), fmt(ours["time_s"], ".2f"), fmt(ours["peak_mb"], ".0f"),
            fmt(ours.get("pages"), "d"), fmt(theirs.get("time_s"), ".2f"), fmt(theirs.get("peak_mb"), ".0f"),
            fmt(theirs.get("pages"), "d"), fmt(s["time_ratio"], ".2f"), fmt(s["memory_ratio"], ".2f")]))
    return lines


def detail_table(sizes: list[dict]) -> list[str]:
    """Runs per size, CPU times, the no-op rebuild and the output sizes."""
    lines = [table_row(["articles", "runs", "ours CPU (s)", "pandoc CPU (s)",
                        "time while sampling memory: ours / pandoc (s), ratio", "ours no-op rebuild (s)",
                        "ours PDF", "ours EPUB", "pandoc PDF", "pandoc EPUB"]), table_row(["---:"] * 10)]
    for s in sizes:
        ours, theirs = s["ours"], s["pandoc"] or {}
        lines.append(table_row([
            str(s["articles"]), str(s["repeat"]), fmt(ours["cpu_s"], ".2f"), fmt(theirs.get("cpu_s"), ".2f"),
            f"{fmt(ours.get('sampled_time_s'), '.2f')} / {fmt(theirs.get('sampled_time_s'), '.2f')}, "
            f"{fmt(s.get('sampled_time_ratio'), '.2f')}",
            fmt(ours["noop_rebuild_s"], ".2f"),
            size_text(ours.get("pdf_bytes")), size_text(ours.get("epub_bytes")),
            size_text(theirs.get("pdf_bytes")), size_text(theirs.get("epub_bytes"))]))
    return lines


def notes(result: dict) -> list[str]:
    """Scaling, --help, and every skipped column or failure."""
    out = [f"Ours, {r['to']} vs {r['from']} articles: time × {fmt(r['ours_time_ratio'], '.2f')} "
           f"(linear would be × {r['linear']:.1f})" for r in result["scaling"]]
    out.append(f"`make_report.py --help`: {fmt(result['help']['time_s'], '.3f')} s (median of {HELP_RUNS})")
    if result["pandoc_note"]:
        out.append(result["pandoc_note"])
    for s in result["sizes"]:
        for tool in ("ours", "pandoc"):
            if s[tool] and s[tool]["error"]:
                out.append(f"{tool} failed at {s['articles']} articles: {last_lines(s[tool]['error'])}")
    return out


def load_text(load: list[float] | None) -> str:
    """Load averages as '1.02/0.85/0.60'."""
    return "/".join(f"{x:.2f}" for x in load) if load else "unknown"


def last_lines(text: str, count: int = 3) -> str:
    """The last lines of an error, on one line."""
    return " / ".join(text.strip().splitlines()[-count:])


def report(result: dict) -> str:
    """The Markdown report printed on stdout."""
    m, v = result["machine"], result["versions"]
    header = [f"Benchmark of {result['date']} on {m['nproc']} CPU ({m['cpu']}), {m['ram_gib']} GiB RAM, "
              f"{m['os']}; load average {load_text(m['load_start'])} at the start, "
              f"{load_text(m.get('load_end'))} at the end; Python {v['python']}, {v['make_report']}, "
              f"{v['pandoc'] or 'no pandoc'}, {v['weasyprint']}.", "",
              "Times and peaks are medians over the runs; peak = summed RSS of the process tree; "
              "ratios are ours / pandoc. Each run is made twice: once timed, once with its memory "
              "sampled every 20 ms (the sampling slows a build that keeps both cores busy).", ""]
    bullets = [f"- {n}" for n in notes(result)]
    return "\n".join(header + main_table(result["sizes"]) + [""] + detail_table(result["sizes"])
                     + [""] + bullets) + "\n"


# --- command line ------------------------------------------------------------------------------

def positive_ints(text: str) -> list[int]:
    """Parse '2,100,500'."""
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers")
    return values


def default_repeat(size: int) -> int:
    """3 runs up to 100 articles, 1 above (a 500-article run takes minutes)."""
    return 3 if size <= 100 else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=positive_ints, default=list(DEFAULT_SIZES),
                        help="corpus sizes, comma-separated (default: 2,100,500)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per size, medians reported (default: 3 up to 100 articles, 1 above)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON,
                        help=f"JSON output (default: {DEFAULT_JSON})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds after which a command is killed and counted as failed "
                             f"(default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--no-pandoc", action="store_true", help="skip the pandoc pipeline")
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed warm-up build")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpora) and print it")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def find_pandoc(disabled: bool) -> tuple[str | None, str | None]:
    """The pandoc executable, or None and the note explaining why its columns are empty."""
    if disabled:
        return None, "pandoc columns skipped (--no-pandoc)."
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None, "pandoc not found on PATH: pandoc columns skipped (Debian: apt-get install pandoc)."
    if not (VENV_BIN / "weasyprint").exists() and not shutil.which("weasyprint"):
        return pandoc, "weasyprint not found: pandoc cannot make the PDF (see the errors below)."
    return pandoc, None


def run_all(args: argparse.Namespace, workdir: Path) -> dict:
    """Run every measurement and collect the results."""
    pandoc, pandoc_note = find_pandoc(args.no_pandoc)
    result: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                    "machine": machine(), "versions": versions(pandoc), "pandoc_note": pandoc_note,
                    "settings": {"sizes": args.sizes, "repeat": args.repeat, "seed": corpus.SEED,
                                 "timeout_s": args.timeout,
                                 "ours": ours_command(Path("SOURCES"), Path("OUTPUT")),
                                 "pandoc": pandoc_commands("pandoc", [Path("FILES...")], Path("."))}}
    if not args.no_warmup:
        warm_up(workdir, pandoc, args.timeout)
    result["help"] = bench_help()
    result["sizes"] = [bench_size(n, args.repeat or default_repeat(n), workdir, pandoc, args.timeout)
                       for n in args.sizes]
    result["scaling"] = scaling(result["sizes"])
    result["machine"]["load_end"] = load_average()
    return result


def with_workdir(keep: bool, action: Callable[[Path], dict]) -> dict:
    """Run `action` in a temporary folder, removed afterwards unless `keep`."""
    workdir = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        return action(workdir)
    finally:
        if keep:
            progress(f"Work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON."""
    args = parse_args(argv)
    result = with_workdir(args.keep, lambda workdir: run_all(args, workdir))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(report(result))
    progress(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
