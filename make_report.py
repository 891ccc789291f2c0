#!/usr/bin/env python3
"""make-report: build a briefing (PDF + EPUB) from a folder of news articles.

Only Click code lives here; the engine is the `briefing` package.
"""
from __future__ import annotations

import sys

if __name__ == "__main__":
    # A fresh clone has no dependencies installed: set up .venv and re-run there.
    from briefing.bootstrap import ensure_environment

    ensure_environment(__file__)

from pathlib import Path  # noqa: E402

import click  # noqa: E402

from briefing import __version__  # noqa: E402
from briefing.errors import BriefingError  # noqa: E402

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

sources_option = click.option(
    "--sources", type=click.Path(path_type=Path), default=Path("sources"), show_default=True,
    help="Folder of articles (.txt, .md, .html).")


class UserError(click.ClickException):
    """A BriefingError shown by Click as one line, with the error's own exit code."""

    def __init__(self, error: BriefingError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


def run(action, debug: bool = False):
    """Run an engine call, turning any failure into one plain line and an exit code."""
    try:
        return action()
    except BriefingError as exc:
        for warning in exc.warnings:
            click.echo(f"Warning: {warning}", err=True)
        raise UserError(exc) from None
    except KeyboardInterrupt:
        click.echo("Interrupted; the previous outputs were kept.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # a bug: one line, and the traceback only with --debug
        if debug:
            raise
        click.echo(f"Error: internal error ({type(exc).__name__}: {exc}); run again with --debug "
                   "and report the traceback", err=True)
        sys.exit(EXIT_INTERNAL)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="With no command, runs `build` with its defaults: sources/ -> output/briefing.pdf "
                    "and output/briefing.epub.")
@click.version_option(__version__, prog_name="make-report")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn a folder of news articles into a briefing packet (PDF) and an e-book (EPUB),
    with a summary and a fact table traced to the source sentences."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@main.command()
@sources_option
@click.option("--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder for the generated files.")
@click.option("--layouts", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder searched first for templates and CSS (override a layout by file name).")
@click.option("--format", "formats", type=click.Choice(["pdf", "epub"]), multiple=True,
              help="Output format; repeat for both (default: both).")
@click.option("--title", help="Title of the briefing (default: from the places the articles name).")
@click.option("--page-size", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
              show_default=True, help="Paper size of the PDF.")
@click.option("--duplex", is_flag=True,
              help="For two-sided printing: articles start on right-hand pages, mirrored margins.")
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "none"]),
              default="pdf/ua-1", show_default=True, help="PDF standard: accessible (UA) or archival (A).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) if there is any warning; nothing is written.")
@click.option("-v", "--verbose", is_flag=True, help="Also list what was removed from each article.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def build(sources: Path, output: Path, layouts: Path | None, formats: tuple[str, ...], title: str | None,
          page_size: str, duplex: bool, pdf_variant: str, strict: bool, verbose: bool, quiet: bool,
          debug: bool) -> None:
    """Build output/briefing.pdf and output/briefing.epub from the articles.

    \b
    Examples:
      make-report build
      make-report build --format pdf --page-size letter --title "Peacekeeping"
      make-report build --sources ~/articles --output ~/briefings -v
    """
    from briefing.build import build as run_build
    from briefing.model import Settings

    if layouts is not None and not layouts.is_dir():
        raise click.BadParameter(f"{layouts} is not a folder", param_hint="--layouts")
    settings = Settings(sources=sources, output=output, layouts=layouts, formats=formats or ("pdf", "epub"),
                        title=title, page_size=page_size.lower(), strict=strict, duplex=duplex,
                        pdf_variant=pdf_variant)
    result = run(lambda: run_build(settings), debug)
    if verbose and not quiet:
        for article in result.report.articles:
            for removal in article.removed:
                click.echo(f"{article.filename}: removed {removal.rule}: {removal.text[:100]}", err=True)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if not quiet:
        for out in result.outputs:
            unit = "pages" if out.kind == "pdf" else "sections"
            click.echo(f"Wrote {out.path} ({out.pages} {unit}, {_size(out.size)})")


@main.command()
@sources_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md"]), default="table",
              show_default=True, help="Output format.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def facts(sources: Path, fmt: str, debug: bool) -> None:
    """Print the fact table (figures, people, organisations, places, dates).

    \b
    Examples:
      make-report facts
      make-report facts --format json > facts.json
    """
    from briefing import export
    from briefing.build import make_report
    from briefing.model import Settings

    report = run(lambda: make_report(Settings(sources=sources, output=Path("output"))), debug)
    writer = {"table": export.facts_table, "json": export.facts_json, "csv": export.facts_csv,
              "md": export.facts_markdown}[fmt]
    click.echo(writer(report.facts), nl=False)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)


@main.command()
@sources_option
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def summary(sources: Path, debug: bool) -> None:
    """Print the summary's key points as plain text.

    \b
    Example:
      make-report summary --sources sources
    """
    from briefing.build import make_report
    from briefing.model import Settings

    report = run(lambda: make_report(Settings(sources=sources, output=Path("output"))), debug)
    click.echo(report.summary.as_text(), nl=False)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


if __name__ == "__main__":
    main()
