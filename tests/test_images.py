"""Article images: scaled, captioned, embedded in both outputs; a missing one is a named warning."""
from __future__ import annotations

import zipfile

import pypdf
from conftest import epubcheck, run_cli
from PIL import Image


def _article_with_images(folder):
    folder.mkdir()
    Image.new("RGB", (1600, 900), (40, 90, 160)).save(folder / "chart.png")
    (folder / "report.md").write_text(
        "---\ntitle: Water levels fall again\nsource: Example Wire\ndate: 2024-05-02\n---\n\n"
        "Water levels in the reservoir fell for the third year in a row, engineers said on Monday.\n\n"
        '![Bar chart of water levels, 2019 to 2024](chart.png "Water levels, 2019–2024. Chart: Example Wire")\n\n'
        "The decline was steepest in the summer months, when demand for irrigation peaks.\n\n"
        "![A photo that was never saved](missing.jpg)\n\n"
        "Officials expect the level to recover only if the winter brings heavy snow.\n", "utf-8")


def test_image_is_embedded_in_both_outputs_with_caption_and_alt(tmp_path):
    src = tmp_path / "src"
    _article_with_images(src)
    out = tmp_path / "out"
    result = run_cli("build", "--sources", str(src), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "missing.jpg" in result.stderr  # a named warning, and the build went on
    reader = pypdf.PdfReader(out / "briefing.pdf")
    images = [img for page in reader.pages for img in page.images]
    assert any(img.image.size[0] >= 1000 for img in images)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Water levels, 2019–2024" in text
    book = zipfile.ZipFile(out / "briefing.epub")
    assert any(n.startswith("EPUB/images/") and n.endswith(".png") and "cover" not in n for n in book.namelist())
    article = book.read("EPUB/a1.xhtml").decode()
    assert 'alt="Bar chart of water levels, 2019 to 2024"' in article and "<figcaption>" in article
    assert "missing.jpg" not in article
    counts = epubcheck(out / "briefing.epub")
    assert (counts["ERROR"], counts["WARNING"]) == (0, 0), counts["messages"]


def test_image_outside_sources_is_refused(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    Image.new("RGB", (10, 10)).save(tmp_path / "secret.png")
    (src / "a.md").write_text("# Title here\n\nSome article text for the test.\n\n![x](../secret.png)\n", "utf-8")
    result = run_cli("build", "--sources", str(src), "--output", str(tmp_path / "out"), "--format", "epub")
    assert result.exit_code == 0 and "secret.png" in result.stderr
    names = zipfile.ZipFile(tmp_path / "out" / "briefing.epub").namelist()
    assert not [n for n in names if n.startswith("EPUB/images/a1")]
