"""`init`: a new briefing folder with an example article, a commented report.toml and layouts/."""
from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME
from .errors import BriefingError

EXAMPLE_NAME = "example-flood-warning-network.md"

REPORT_TOML = """\
# report.toml: the settings of this briefing, read by `make-report build`, `watch`, `facts`,
# `summary` and `add` when run in this folder (or given with --config). An option given on the
# command line wins over the same setting here. Folders are relative to this file.
# A line starting with "#" is a comment: remove the "#" to use the setting.

# Where the articles are (.txt, .md, .html, .mhtml, .docx) and where the PDF and EPUB are written.
sources = "sources"
output = "output"
# Searched first for templates and stylesheets: a file here overrides the built-in one
# of the same name (see "Layouts" in the README).
layouts = "layouts"

# The cover.
# title = "Morning briefing"        # default: "Briefing: " and the two places named most
# subtitle = "Flood preparedness"
# author = "Research desk"          # the author or organisation
# date = 2025-03-12                 # default: the date of the newest article file
# language = "en"                   # default: the articles' most common language

# What the briefing holds besides the articles.
# sections = ["summary", "facts", "sources"]   # any of the three, in any order
# summary_points = 6                # number of key points in the summary, 5 to 8

# The files.
# formats = ["pdf", "epub"]         # one or both
# basename = "briefing"             # output/briefing.pdf and output/briefing.epub
# page_size = "a4"                  # "a4" or "letter"
# duplex = false                    # two-sided printing: articles start on right-hand pages
# pdf_variant = "pdf/ua-1"          # "pdf/ua-1" (accessible), "pdf/a-3b" or "pdf/a-3u" (archival), "none"
# allow_missing = false             # true: write the briefing even when an article cannot be read
"""

EXAMPLE_ARTICLE = """\
---
title: Riverside towns agree to share a flood warning network
source: The Example Herald
author: Ana Ribeiro
date: 2025-03-12
url: https://example.org/news/flood-warning-network
language: en
---

<!-- An example article written by `make-report init`: replace it with your own articles
     (.txt, .md, .html, .mhtml or .docx files), or import a saved web page with
     `make-report add page.html`. -->

Three riverside towns have agreed to build a shared flood warning network before the spring
thaw, pooling 1.2 million euros from their own budgets and a regional grant.

The agreement, signed on Tuesday in Millbrook, links 14 river gauges along a 60-kilometre
stretch of the Alder River to a single control room. Residents will receive text alerts when
the water rises above the warning level at any gauge upstream of their town.

"Last April the water came up faster than our phones could ring," said Maria Keller, mayor of
Millbrook. "With one network, a gauge upstream gives everyone downstream two extra hours."

## What changes for residents

- Alerts by text message and on the towns' websites, in two languages.
- Sandbag points at the three town halls, open around the clock during a warning.
- A yearly flood drill each October.

The Regional Water Authority (RWA) will maintain the gauges. Its director, Tomas Berg, said
the first eight gauges would be working by 30 April and the remaining six by the end of June.

The towns have flooded twice in the past five years. The 2023 flood damaged about 300 homes,
according to the authority, and closed the only road bridge for nine days.
"""


class InitError(BriefingError):
    """The folder for a new briefing already holds files."""


def create_briefing(folder: Path) -> list[Path]:
    """Make `folder` a new briefing (sources/ with an example, report.toml, layouts/); never overwrites."""
    if folder.exists() and not folder.is_dir():
        raise InitError("is a file; choose a new folder name", folder)
    if folder.is_dir() and any(folder.iterdir()):
        raise InitError("already exists and is not empty; choose a new folder name (nothing was changed)",
                        folder)
    try:
        (folder / "sources").mkdir(parents=True)
        (folder / "layouts").mkdir()
        made = [folder / CONFIG_NAME, folder / "sources" / EXAMPLE_NAME, folder / "layouts"]
        made[0].write_text(REPORT_TOML, "utf-8")
        made[1].write_text(EXAMPLE_ARTICLE, "utf-8")
    except OSError as exc:
        raise InitError(f"cannot be created ({exc.strerror}); check the permissions of its parent folder",
                        folder) from None
    return made
