"""Write word-document.docx and saved-page.mhtml, the two packed test sources (made-up text).

The .docx is zipped from the XML parts Word writes (no Word or python-docx needed); the .mhtml
is laid out as Chrome's "Save page as... > Webpage, Single File" writes it (Blink's MIME headers,
boundary and Content-IDs, quoted-printable HTML with CRLF line ends, a CSS and an image part).
Run it from anywhere: `python tests/data/left_out_sources/make_files.py`; it is deterministic.
"""
from __future__ import annotations

import base64
import quopri
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="56"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>
</w:styles>"""

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title></dc:title><dc:subject></dc:subject><dc:creator>Dana Omarova</dc:creator><cp:keywords></cp:keywords>
<dc:description></dc:description><cp:lastModifiedBy>Dana Omarova</cp:lastModifiedBy><cp:revision>4</cp:revision>
<dcterms:created xsi:type="dcterms:W3CDTF">2025-04-09T06:40:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2025-04-09T09:02:00Z</dcterms:modified>
</cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<Template>Normal.dotm</Template><TotalTime>142</TotalTime><Pages>1</Pages><Words>298</Words>
<Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Lines>11</Lines><Paragraphs>3</Paragraphs>
<Company>Caspian Sea Lines</Company><AppVersion>16.0000</AppVersion>
</Properties>"""


def _run(text: str, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return (f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def _para(*runs: str, style: str = "", bullet: bool = False) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + \
        ('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if bullet else "")
    return f'<w:p>{f"<w:pPr>{props}</w:pPr>" if props else ""}{"".join(runs)}</w:p>'


def _table(rows: list[list[str]]) -> str:
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
           '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>']
    for i, row in enumerate(rows):
        header = "<w:trPr><w:tblHeader/></w:trPr>" if i == 0 else ""
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{_para(_run(c, bold=i == 0))}</w:tc>'
                        for c in row)
        out.append(f"<w:tr>{header}{cells}</w:tr>")
    return "".join(out) + "</w:tbl>"


def document_xml() -> str:
    """The body of the Word document: a title, paragraphs, headings, a bulleted list and a table."""
    body = [
        _para(_run("Ferry operator orders two new ships for the Caspian route"), style="Title"),
        _para(_run("Caspian Sea Lines has ordered two roll-on roll-off ferries from a shipyard in Tuzla, the "
                   "company said in a statement on Wednesday. The ships, each able to carry 56 lorries and 150 "
                   "passengers, are due to enter service in the spring of 2027.")),
        _para(_run("The company did not give the price, but a shipbroker in Istanbul put it at "),
              _run("about 90 million dollars", bold=True), _run(" for the pair.")),
        _para(_run("What the order changes"), style="Heading1"),
        _para(_run("Capacity on the Aktau\u2013Baku crossing rises by about 40 per cent."),
              style="ListParagraph", bullet=True),
        _para(_run("The oldest ship in the fleet, built in 1986, will be retired."), style="ListParagraph", bullet=True),
        _para(_run("Crossings will run daily in winter as well as in summer."), style="ListParagraph", bullet=True),
        _para(_run("The fleet after delivery"), style="Heading1"),
        _table([["Ship", "Year built", "Lorries"], ["Aral", "1986", "28 (to be retired)"], ["Kaspiy", "2019", "56"],
                ["New ship 1", "2027", "56"], ["New ship 2", "2027", "56"]]),
        _para(_run("\u201cWe lose customers every winter because we cannot offer a daily crossing,\u201d said "
                   "Gulnara Akhmetova, the company\u2019s chief executive. "),
              _run("The new ships would also be the first on the route to run on liquefied natural gas.",
                   italic=True)),
    ]
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
            'w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W} {R}><w:body>'
            + "".join(body) + sect + "</w:body></w:document>")


# A 1x1 PNG: the picture itself does not matter, only that the page or document holds one.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

# An inline picture as Word embeds one (the committed file has none; a test adds it).
PICTURE = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
           'wordprocessingDrawing"><wp:extent cx="952500" cy="952500"/><wp:docPr id="1" name="Picture 1" '
           'descr="{alt}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic='
           '"http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" '
           'name="ferry.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill>'
           '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def write_docx(path: Path, core: str = CORE, picture: str = "") -> None:
    """A .docx as Word lays it out; `core` replaces the core properties (title, author, dates),
    and `picture`, when given, is the alt text of a picture put after the first paragraph."""
    document, rels, types = document_xml(), DOCUMENT_RELS, CONTENT_TYPES
    media = {}
    if picture:
        first = document.index("</w:p>", document.index("</w:p>") + 1) + len("</w:p>")
        document = document[:first] + PICTURE.format(alt=picture) + document[first:]
        rels = rels.replace("</Relationships>", '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>')
        types = types.replace('<Default Extension="xml"', '<Default Extension="png" ContentType="image/png"/>'
                              '<Default Extension="xml"')
        media["word/media/image1.png"] = PNG
    parts = {"[Content_Types].xml": types, "_rels/.rels": PACKAGE_RELS, "docProps/app.xml": APP,
             "docProps/core.xml": core, "word/document.xml": document,
             "word/_rels/document.xml.rels": rels, "word/styles.xml": STYLES, "word/numbering.xml": NUMBERING}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in {**{k: v.encode("utf-8") for k, v in parts.items()}, **media}.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 4, 9, 9, 2, 0))   # fixed: the same bytes every run
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content)


# ---------------------------------------------------------------- .mhtml

PAGE_URL = "https://caspian-coast.example/news/desalination-plant-aktau-double-output"
BOUNDARY = "----MultipartBoundary--Qm9Xb3dlXfd6mDTHkLpVsR1aN2cYeZ8gUjT4oWiK0s----"
CSS_ID = "css-6a1f0c3e-2b7d-4e59-9c41-0d8e5f7a3b12@mhtml.blink"
IMAGE_URL = "https://caspian-coast.example/media/2025/04/desalination-plant.png"
PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><link rel="stylesheet" type="text/css" href="cid:{CSS_ID}" />
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Desalination plant in Aktau to double its output | Caspian Coast News</title>
<meta property="og:title" content="Desalination plant in Aktau to double its output">
<meta property="og:site_name" content="Caspian Coast News">
<meta property="og:url" content="{PAGE_URL}">
<meta property="article:published_time" content="2025-04-10T08:30:00+05:00">
<meta name="author" content="Ruslan Tokayev">
<link rel="canonical" href="{PAGE_URL}">
</head>
<body class="article-page">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a href="https://caspian-coast.example/" class="logo">Caspian Coast News</a>
<nav><ul><li><a href="https://caspian-coast.example/news">News</a></li><li><a href="https://caspian-coast.example/business">Business</a></li><li><a href="https://caspian-coast.example/sport">Sport</a></li></ul></nav></header>
<main id="main"><article>
<h1>Desalination plant in Aktau to double its output</h1>
<p class="byline">By Ruslan Tokayev \u2014 <time datetime="2025-04-10T08:30:00+05:00">10 April 2025</time></p>
<figure><img src="{IMAGE_URL}" alt="The desalination plant on the northern shore"><figcaption>The plant on the northern shore of the bay.</figcaption></figure>
<p>The desalination plant that supplies most of Aktau\u2019s drinking water will double its output by the end of next year, the regional administration said on Thursday, after a summer in which parts of the city had water for only a few hours a day.</p>
<p>Two new lines of reverse-osmosis filters, built with a loan of 35 billion tenge from a state development bank, will raise the plant\u2019s capacity from 40,000 to 80,000 cubic metres a day.</p>
<p>\u201cLast August the old lines ran at their limit for six weeks,\u201d said Asel Nurpeisova, the plant\u2019s chief engineer. \u201cWith the new ones we will have a reserve for the first time in twenty years.\u201d</p>
<p>The city\u2019s population has grown by almost a quarter in a decade, and the port and the new industrial zone now use a third of the water the plant produces.</p>
</article>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="https://caspian-coast.example/news/storm-coastal-road">Storm closes coastal road for two days</a></li><li><a href="https://caspian-coast.example/news/bread-prices">Bread prices rise for the third month running</a></li></ol></aside>
</main>
<footer class="site-footer"><p>\u00a9 2025 Caspian Coast News. All rights reserved.</p></footer>
</body></html>"""

CSS = """body { font-family: Georgia, serif; margin: 0; }
.site-header { background: #0b3954; color: #fff; }
article { max-width: 42rem; margin: 2rem auto; line-height: 1.5; }
"""


def _quoted_printable(text: str) -> str:
    """Quoted-printable as Blink writes it: UTF-8, lines of at most 76 characters, CRLF."""
    encoded = quopri.encodestring(text.encode("utf-8")).decode("ascii")
    return encoded.replace("\r\n", "\n").replace("\n", "\r\n")


def write_mhtml(path: Path) -> None:
    """The article page saved by Chrome as a single file."""
    image = base64.encodebytes(PNG).decode("ascii").replace("\n", "\r\n")
    parts = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {PAGE_URL}",
        "Subject: Desalination plant in Aktau to double its output | Caspian Coast News",
        "Date: Thu, 10 Apr 2025 11:02:45 +0500",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{BOUNDARY}"',
        "", "",
        f"--{BOUNDARY}",
        "Content-Type: text/html",
        "Content-ID: <frame-4C1E0D6A8B9F2E3D5A7C6B8E9F0A1D2C@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {PAGE_URL}",
        "",
        _quoted_printable(PAGE),
        f"--{BOUNDARY}",
        "Content-Type: text/css",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: cid:{CSS_ID}",
        "",
        _quoted_printable(CSS),
        f"--{BOUNDARY}",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        f"Content-Location: {IMAGE_URL}",
        "",
        image,
        f"--{BOUNDARY}--",
        "",
    ]
    path.write_bytes("\r\n".join(parts).encode("ascii"))


if __name__ == "__main__":
    write_docx(HERE / "word-document.docx")
    write_mhtml(HERE / "saved-page.mhtml")
