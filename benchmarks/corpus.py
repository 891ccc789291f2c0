"""Benchmark corpora: N distinct news articles, for our tool and for pandoc.

The articles are derived, at run time, from the sample articles in `sources/`. Every
article is written twice with the same body text:

* `sources/NNN.md` for `make_report.py`: YAML front matter (title, source, date), then the
  body as Markdown;
* `pandoc/NNN.md` for pandoc: the title as a `#` heading, a byline with the source and the
  date, then the same body.

For N equal to the number of samples (2), the corpus is the samples themselves: copied as they
are for our tool, converted to Markdown for pandoc. For any other N, article i is a variant of
sample i mod 2 with a different title, its middle paragraphs in another order, other numbers
and another date, all drawn from a seeded random generator, so the corpus is the same on every
run and no two articles are alike.

Run as a script to write a corpus: `python benchmarks/corpus.py 100 /tmp/corpus`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sources"
SEED = 7  # issue 7

TITLE_PREFIXES = ("Update", "Analysis", "Report", "Dispatch", "Follow-up", "Briefing note", "Interview")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
NUMBER = re.compile(rf"(?P<month>\b(?:{'|'.join(MONTHS)}) )(?P<day>\d{{1,2}})\b"
                    r"|(?P<num>\b\d{1,3}(?:,\d{3})+\b|\d+)")
PUBLICATION = (re.compile(r"^Get (?P<name>.+?) stories sent directly"),
               re.compile(r"^(?P<name>.+?) is registered with the Ministry"))
QUESTION = re.compile(r"^[–—-]\s.*\?$")
LEAD_WORDS = 25  # the first paragraph this long is the lead; it and what precedes it stay first
INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>&$@^~|{}])")
BLOCK_MARKER = re.compile(r"^([#>+*=:%(-])")
LIST_NUMBER = re.compile(r"^(\d+|[A-Za-z]{1,4})([.)])(?=\s|$)")


@dataclass(frozen=True)
class Sample:
    """A sample article: its file, title, paragraphs and (when recognised) publication."""

    path: Path
    title: str
    paragraphs: tuple[str, ...]
    publication: str


@dataclass(frozen=True)
class Article:
    """One article of a corpus, as both tools will read it."""

    stem: str
    title: str
    source: str
    date: dt.date | None
    paragraphs: tuple[str, ...]
    origin: Path | None = None  # the sample file, when the article is a sample unchanged


@dataclass(frozen=True)
class Corpus:
    """A written corpus: the folder our tool reads and the Markdown files pandoc reads."""

    size: int
    sources: Path
    markdown: tuple[Path, ...]

    @property
    def bytes(self) -> int:
        """Total size of our source files."""
        return sum(p.stat().st_size for p in self.sources.iterdir())


def read_sample(path: Path) -> Sample:
    """Read a `.txt` sample: the first non-empty line is the title, every other line a paragraph."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        raise ValueError(f"{path} has no article text")
    return Sample(path, lines[0], tuple(lines[1:]), publication_of(lines[1:]))


def read_samples(folder: Path = SAMPLES) -> list[Sample]:
    """The sample articles (`.txt` files) of a folder, by file name."""
    samples = [read_sample(p) for p in sorted(folder.glob("*.txt"))]
    if not samples:
        raise FileNotFoundError(f"no .txt sample articles in {folder}")
    return samples


def publication_of(paragraphs: list[str] | tuple[str, ...]) -> str:
    """The publication named in an article's closing lines, or '' when none is recognised."""
    for paragraph in reversed(paragraphs):
        for pattern in PUBLICATION:
            if m := pattern.match(paragraph):
                return m.group("name")
    return ""


def split_article(paragraphs: tuple[str, ...]) -> tuple[list[str], list[list[str]], list[str]]:
    """Split paragraphs into a fixed head (up to the lead), movable units and a fixed tail.

    The tail is the publication's footer and what follows it (or the last paragraph). A unit is
    a question with its answers, or a single paragraph when the article has no questions.
    """
    lead = next((i for i, p in enumerate(paragraphs) if len(p.split()) >= LEAD_WORDS), 0)
    footer = next((i for i in range(len(paragraphs) - 1, lead, -1) if publication_of([paragraphs[i]])),
                  len(paragraphs) - 1)
    head, middle, tail = list(paragraphs[:lead + 1]), paragraphs[lead + 1:footer], list(paragraphs[footer:])
    return head, group_units(middle), tail


def group_units(paragraphs: tuple[str, ...]) -> list[list[str]]:
    """Group paragraphs into units that start at each question (one unit per paragraph if none)."""
    if not any(QUESTION.match(p) for p in paragraphs):
        return [[p] for p in paragraphs]
    units: list[list[str]] = []
    for paragraph in paragraphs:
        if QUESTION.match(paragraph) or not units:
            units.append([])
        units[-1].append(paragraph)
    return units


def vary_numbers(text: str, rng: random.Random) -> str:
    """Replace every number: days of a month stay valid days, years stay plausible years."""
    def replace(m: re.Match[str]) -> str:
        if m.group("day"):
            return f"{m.group('month')}{rng.randint(1, 28)}"
        raw = m.group("num")
        value = int(raw.replace(",", ""))
        if len(raw) == 4 and 1900 <= value <= 2025:
            return str(value - rng.randint(0, 8))
        new = max(1, round(value * rng.uniform(0.5, 1.6)))
        return f"{new:,}" if "," in raw else str(new)

    return NUMBER.sub(replace, text)


def variant(sample: Sample, index: int, rng: random.Random) -> Article:
    """Article `index` of a corpus: the sample with a new title, order, numbers and date."""
    head, units, tail = split_article(sample.paragraphs)
    rng.shuffle(units)
    paragraphs = [vary_numbers(p, rng) for p in head + [p for unit in units for p in unit] + tail]
    title = f"{rng.choice(TITLE_PREFIXES)} {index + 1}: {sample.title}"
    date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))
    return Article(f"{index + 1:04d}", title, sample.publication or "Unknown", date, tuple(paragraphs))


def as_is(sample: Sample) -> Article:
    """A sample article unchanged (no date: the samples give none)."""
    return Article(sample.path.stem, sample.title, sample.publication, None, sample.paragraphs, sample.path)


def articles(size: int, samples: list[Sample], seed: int = SEED) -> list[Article]:
    """The articles of a corpus of `size`: the samples themselves, or distinct variants of them."""
    if size == len(samples):
        return [as_is(s) for s in samples]
    rng = random.Random(seed)
    result = [variant(samples[i % len(samples)], i, rng) for i in range(size)]
    if len({(a.title, a.paragraphs) for a in result}) != size:
        raise AssertionError("corpus articles are not all distinct")
    return result


def escape(paragraph: str) -> str:
    """A plain-text paragraph as Markdown that CommonMark and pandoc both read back verbatim."""
    text = INLINE_SPECIALS.sub(r"\\\1", paragraph)
    return LIST_NUMBER.sub(r"\1\\\2", BLOCK_MARKER.sub(r"\\\1", text, count=1), count=1)


def body(article: Article) -> str:
    """The article's paragraphs as Markdown."""
    return "\n\n".join(escape(p) for p in article.paragraphs) + "\n"


def front_matter(article: Article) -> str:
    """YAML front matter for our tool (JSON strings are valid YAML scalars)."""
    lines = [f"title: {json.dumps(article.title, ensure_ascii=False)}",
             f"source: {json.dumps(article.source, ensure_ascii=False)}"]
    if article.date:
        lines.append(f"date: {article.date.isoformat()}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def pandoc_markdown(article: Article) -> str:
    """The article for pandoc: title heading, byline, then the same body as ours."""
    byline = ", ".join(x for x in (article.source, article.date.isoformat() if article.date else "") if x)
    header = f"# {escape(article.title)}\n\n" + (f"*{escape(byline)}*\n\n" if byline else "")
    return header + body(article)


def write(size: int, folder: Path, samples: list[Sample] | None = None, seed: int = SEED) -> Corpus:
    """Write a corpus of `size` articles into `folder` (emptied first) and describe it."""
    samples = samples if samples is not None else read_samples()
    if folder.exists():
        shutil.rmtree(folder)
    ours, theirs = folder / "sources", folder / "pandoc"
    ours.mkdir(parents=True)
    theirs.mkdir()
    markdown = []
    for article in articles(size, samples, seed):
        if article.origin is not None:
            shutil.copyfile(article.origin, ours / article.origin.name)
        else:
            (ours / f"{article.stem}.md").write_text(front_matter(article) + body(article), encoding="utf-8")
        markdown.append(theirs / f"{article.stem}.md")
        markdown[-1].write_text(pandoc_markdown(article), encoding="utf-8")
    return Corpus(size, ours, tuple(markdown))


def main() -> None:
    """Write a corpus from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="number of articles")
    parser.add_argument("folder", type=Path, help="folder to write (emptied first)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    corpus = write(args.size, args.folder, seed=args.seed)
    print(f"{corpus.size} articles: {corpus.sources} (ours), {corpus.markdown[0].parent} (pandoc)")


if __name__ == "__main__":
    main()
