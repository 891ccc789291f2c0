"""Briefing: turn a folder of news articles into a PDF briefing packet and an EPUB.

Importing the package is cheap: the renderers and extractors load lazily.
"""
from __future__ import annotations

__version__ = "0.1.0"
