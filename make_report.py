#!/usr/bin/env python3
"""make-report: build a briefing (PDF + EPUB) from a folder of news articles.

Only Click code lives here; the engine is the `briefing` package.
"""
from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING

if __name__ == "__main__":
    # A fresh clone has no dependencies installed: set up .venv and re-run there.
    from briefing.bootstrap import ensure_environment

    ensure_environment(__file__)

from pathlib import Path  # noqa: E402

import click  # noqa: E402
from click.core import ParameterSource  # noqa: E402

from briefing import __version__  # noqa: E402
from briefing.errors import BriefingError  # noqa: E402

if TYPE_CHECKING:
    from briefing.progress import Step

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

sources_option = click.option(
    "--sources", type=click.Path(path_type=Path), default=Path("sources"), show_default=True,
    help="Folder of articles (.txt, .md, .html, .mhtml, .docx).")
config_option = click.option(
    "--config", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
    help="Settings file (default: report.toml in the current folder, if there is one).")
debug_option = click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")


class UserError(click.ClickException):
    """A BriefingError shown by Click as one line, with the error's own exit code."""

    def __init__(self, error: BriefingError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


def run(action, debug: bool = False, status: StatusLine | None = None):
    """Run an engine call, turning any failure into one plain line and an exit code; the
    `status` line, if any, is removed first so that the line stands alone."""
    try:
        return action()
    except BaseException as exc:
        if status is not None:
            status.clear()
        if isinstance(exc, BriefingError):
            for warning in exc.warnings:
                click.echo(f"Warning: {warning}", err=True)
            raise UserError(exc) from None
        if isinstance(exc, KeyboardInterrupt):
            click.echo("Interrupted; the previous outputs were kept.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        # A bad option is Click's own one-line usage error; a bug shows its traceback with --debug.
        if isinstance(exc, click.ClickException) or not isinstance(exc, Exception) or debug:
            raise
        click.echo(f"Error: internal error ({type(exc).__name__}: {exc}); run again with --debug "
                   "and report the traceback", err=True)
        sys.exit(EXIT_INTERNAL)


def settings_from(ctx: click.Context, config: Path | None):
    """Settings from report.toml and the options of this command; only options the user typed win."""
    from briefing.config import resolve_settings

    layouts = ctx.params.get("layouts")
    if layouts is not None and not layouts.is_dir():
        raise click.BadParameter(f"{layouts} is not a folder", param_hint="--layouts")
    typed = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT, ParameterSource.PROMPT)
    given = {name for name in ctx.params if ctx.get_parameter_source(name) in typed}
    return resolve_settings(ctx.params, given, config)


def settings_options(command):
    """The options that make a briefing's Settings, shared by `build` and `watch`."""
    options = [
        sources_option,
        click.option("--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                     help="Folder for the generated files."),
        click.option("--layouts", type=click.Path(path_type=Path, file_okay=False), default=None,
                     help="Folder searched first for templates and CSS (override a layout by file name)."),
        config_option,
        click.option("--format", "formats", type=click.Choice(["pdf", "epub"]), multiple=True,
                     help="Output format; repeat for both (default: both)."),
        click.option("--title", help="Title of the briefing (default: from the places the articles name)."),
        click.option("--subtitle", help="Subtitle on the cover."),
        click.option("--author", help="Author or organisation named on the cover."),
        click.option("--date", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                     help="Date of the briefing, YYYY-MM-DD (default: the newest article file's)."),
        click.option("--language", help="Language code of the briefing, e.g. en (default: the articles' own)."),
        click.option("--section", "sections", type=click.Choice(["summary", "facts", "sources"]), multiple=True,
                     help="Section to include besides the articles; repeat (default: all three)."),
        click.option("--summary-points", type=int,
                     help="Number of key points in the summary, 5 to 8 (default 6)."),
        click.option("--basename", help="Output file name without extension (default: briefing)."),
        click.option("--page-size", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
                     show_default=True, help="Paper size of the PDF."),
        click.option("--duplex", is_flag=True,
                     help="For two-sided printing: articles start on right-hand pages, mirrored margins."),
        click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "none"]),
                     default="pdf/ua-1", show_default=True, help="PDF standard: accessible (UA) or archival (A)."),
        click.option("--allow-missing", is_flag=True,
                     help="Write the briefing even if some articles cannot be read (they are left out)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="With no command, runs `build` with its defaults: sources/ -> output/briefing.pdf "
                    "and output/briefing.epub.")
@click.version_option(__version__, prog_name="make-report")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn a folder of news articles into a briefing packet (PDF) and an e-book (EPUB),
    with a summary and a fact table traced to the source sentences.

    Settings are read from report.toml in the current folder (or --config FILE); options given
    on the command line win over it.

    \b
    Examples:
      make-report init weekly-desk && cd weekly-desk
      make-report add ~/Downloads/article.html
      make-report build
      make-report watch
    Shell completion (bash): eval "$(_MAKE_REPORT_COMPLETE=bash_source make-report)"
    """
    _stop_on_sigterm()
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


def _stop_on_sigterm() -> None:
    """Let SIGTERM (kill, a service manager) unwind like Ctrl-C: `finally` blocks remove the
    temporary files and the previous outputs stay."""
    import signal
    import threading

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


@main.command()
@settings_options
@click.option("--strict", is_flag=True, help="Fail (exit 1) if there is any warning; nothing is written.")
@click.option("-v", "--verbose", is_flag=True, help="Also list what was removed from each article.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-f", "--force", "--clean", "force", is_flag=True,
              help="Rebuild even when the outputs are already up to date.")
@debug_option
@click.pass_context
def build(ctx: click.Context, config: Path | None, verbose: bool, quiet: bool, debug: bool, force: bool = False,
          **_: object) -> None:
    """Build output/briefing.pdf and output/briefing.epub from the articles.

    \b
    Examples:
      make-report build
      make-report build --format pdf --page-size letter --title "Peacekeeping"
      make-report build --sources ~/articles --output ~/briefings -v
      make-report build --config ~/desk/report.toml --date 2025-03-12
    """
    from briefing.build import build as run_build

    settings = run(lambda: settings_from(ctx, config), debug)
    with StatusLine(enabled=not quiet) as status:
        result = run(lambda: run_build(settings, status, force=force), debug, status)
    if verbose and not quiet and result.report is not None:
        for article in result.report.articles:
            for removal in article.removed:
                verb = "repaired" if removal.rule == "mixed script" else "removed"
                click.echo(f"{article.filename}: {verb} {removal.rule}: {removal.text[:100]}", err=True)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if not quiet:
        verb = "Up to date (nothing changed):" if result.up_to_date else "Wrote"
        for out in result.outputs:
            unit = "pages" if out.kind == "pdf" else "sections"
            click.echo(f"{verb} {out.path} ({out.pages} {unit}, {_size(out.size)})")
    if result.left_out:   # the last line, even with -q: the briefing lacks articles the user gave
        from briefing.build import left_out_line

        sys.stdout.flush()
        click.secho(f"{left_out_line(result.left_out, result.articles)}: the briefing was written without them",
                    fg="yellow", err=True)


@main.command()
@sources_option
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md"]), default="table",
              show_default=True, help="Output format.")
@debug_option
@click.pass_context
def facts(ctx: click.Context, sources: Path, config: Path | None, fmt: str, debug: bool) -> None:
    """Print the fact table (figures, people, organisations, places, dates).

    \b
    Examples:
      make-report facts
      make-report facts --format json > facts.json
    """
    from briefing.render import export
    from briefing.report import make_report

    report = run(lambda: make_report(settings_from(ctx, config)), debug)
    writer = {"table": export.facts_table, "json": export.facts_json, "csv": export.facts_csv,
              "md": export.facts_markdown}[fmt]
    click.echo(writer(report.facts), nl=False)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)


@main.command()
@sources_option
@config_option
@click.option("--summary-points", type=int, help="Number of key points, 5 to 8 (default 6).")
@debug_option
@click.pass_context
def summary(ctx: click.Context, sources: Path, config: Path | None, debug: bool, **_: object) -> None:
    """Print the summary's key points as plain text.

    \b
    Examples:
      make-report summary
      make-report summary --sources ~/articles --summary-points 8
    """
    from briefing.report import make_report

    report = run(lambda: make_report(settings_from(ctx, config)), debug)
    click.echo(report.summary.as_text(), nl=False)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@debug_option
def init(folder: Path, debug: bool) -> None:
    """Make a new briefing folder: sources/ with an example article, a commented report.toml,
    and an empty layouts/ for template overrides. Never overwrites: FOLDER must be new or empty.

    \b
    Examples:
      make-report init weekly-desk
      cd weekly-desk && make-report build
    """
    from briefing.scaffold import create_briefing

    for path in run(lambda: create_briefing(folder), debug):
        click.echo(f"Created {path}{'/' if path.is_dir() else ''}")
    click.echo(f"Next: cd {shlex.quote(str(folder))} && make-report build   (or make-report watch)")


@main.command()
@click.argument("pages", nargs=-1, required=True, metavar="FILE_OR_URL...")
@sources_option
@config_option
@click.option("--timeout", type=click.FloatRange(1, 300), default=20.0, show_default=True,
              help="Seconds to wait for a web server.")
@debug_option
@click.pass_context
def add(ctx: click.Context, pages: tuple[str, ...], sources: Path, config: Path | None, timeout: float,
        debug: bool) -> None:
    """Import articles from saved web pages (.html) or web addresses into the sources folder,
    as Markdown with front matter (title, author, date, publication, URL). Only the article is
    kept: no menus, sidebars, comments or footers. Never overwrites a file.

    \b
    Examples:
      make-report add ~/Downloads/night-ferry.html
      make-report add https://example.org/news/2024/night-ferry
      make-report add --sources ~/desk/sources saved/*.html
    """
    from briefing.sources.importer import add_article

    folder = run(lambda: settings_from(ctx, config), debug).sources
    failed = 0
    for page in pages:
        try:
            imported = run(lambda: add_article(page, folder, timeout), debug)
        except UserError as exc:
            exc.show()
            failed = exc.exit_code
            continue
        a = imported.article
        details = ", ".join(filter(None, (a.author, a.publication, a.date.isoformat() if a.date else "")))
        click.echo(f'Added {imported.path}: "{a.title}"' + (f" ({details})" if details else ""))
        if imported.missing:
            click.echo(f"Warning: {imported.path}: the page gives no {', '.join(imported.missing)}; "
                       "add it to the front matter if you know it", err=True)
    if failed:
        sys.exit(failed)


@main.command()
@settings_options
@click.pass_context
def watch(ctx: click.Context, config: Path | None, **_: object) -> None:
    """Build, then rebuild whenever an article, a layout, a font or report.toml changes; one line
    per rebuild. A failed rebuild keeps the last good outputs. Ctrl-C stops.

    \b
    Examples:
      make-report watch
      make-report watch --sources ~/articles --format pdf
    """
    from briefing.config import find_config
    from briefing.watch import watch as watch_loop

    watching: tuple[Path, ...] = ()
    try:
        with StatusLine(enabled=True) as status:
            for outcome in watch_loop(lambda: settings_from(ctx, config), find_config(config), progress=status):
                status.clear()
                _show(outcome, watching)
                watching = outcome.watching
    except KeyboardInterrupt:
        click.echo("Stopped watching.")


def _show(outcome, watching: tuple[Path, ...]) -> None:
    """One rebuild's warnings and line, and what is watched when that changed."""
    for warning in outcome.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(outcome.message)
    if outcome.watching != watching:
        click.echo(f"Watching {', '.join(_shown(p) for p in outcome.watching)} (Ctrl-C to stop)")


def _shown(path: Path) -> str:
    """A folder relative to the current one when it is inside it, else in full."""
    try:
        return str(path.relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


BAR_WIDTH = 20


def status_text(step: Step, elapsed: float, width: int) -> str:
    """The status line of a build's step: the time, the stage and, for a stage
    that counts, a bar and "done of [about] total unit"; shorter than the terminal's `width`."""
    head = f"[{elapsed:4.0f} s] {step.stage}"
    if not step.total:
        return head[:width - 1].rstrip()
    count = f"{step.done} of {'about ' if step.about else ''}{step.total} {step.unit}".rstrip()
    widest = f"{max(step.done, step.total)} of about {step.total} {step.unit}"   # the bar keeps its width
    bar = min(BAR_WIDTH, width - 1 - len(head) - len(widest) - 6)
    if bar >= 10:
        filled = bar * min(step.done, step.total) // step.total
        return f"{head}  [{'#' * filled}{'-' * (bar - filled)}]  {count}"
    return f"{head}  {count}"[:width - 1].rstrip()


class StatusLine:
    """One self-overwriting line on stderr for builds that take more than a second: the current
    stage, with a bar when it counts; silent with -q and when stderr is not a terminal. A build's
    steps may come from the process that reads the articles too: it writes to the same terminal."""

    def __init__(self, enabled: bool, stream=None, clock=None, width: int | None = None) -> None:
        import time

        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.clock = clock or time.monotonic
        self.width = width
        self.start: float | None = self.clock()
        self.stage, self.last = "", 0.0

    def __call__(self, step: Step) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if self.start is None:      # the first step of a rebuild (watch)
            self.start = now
        elapsed = now - self.start
        if elapsed <= 1.0 or (step.stage == self.stage and now - self.last < 0.2):
            return
        import shutil

        width = self.width or shutil.get_terminal_size().columns
        click.echo("\r\033[K" + status_text(step, elapsed, width), file=self.stream, nl=False)
        self.stage, self.last = step.stage, now

    def clear(self) -> None:
        """Remove the line (before other output); the next step starts timing the next build."""
        if self.enabled and self.start is not None and self.clock() - self.start > 1.0:
            click.echo("\r\033[K", file=self.stream, nl=False)
        self.start, self.stage = None, ""

    def __enter__(self) -> "StatusLine":
        return self

    def __exit__(self, *exc) -> None:
        self.clear()


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _run_and_exit(command) -> None:
    """Run the command, then end the process without tearing the interpreter down: freeing a
    build's objects one by one at exit takes about a tenth of a second, for nothing. Logging
    and the standard streams are flushed first; the exit status is what `sys.exit` would give."""
    import logging
    import os

    try:
        command()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    _run_and_exit(main)
