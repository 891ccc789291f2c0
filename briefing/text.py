"""Sentence splitting and small text helpers shared by the cleaner, summary and facts."""
from __future__ import annotations

import re
import unicodedata

# Words that end with a full stop without ending the sentence (English and Russian).
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen col lt sgt capt maj adm cmdr sen rep gov pres st jr sr rev hon insp supt det
no nos vs etc e.g i.e inc ltd co corp dept univ est approx fig figs vol p pp ch art sec
jan feb mar apr jun jul aug sep sept oct nov dec mt ft al
г гг т.е т.д т.п др им ул пр проф акад ген полк тыс млн млрд руб см стр
""".split())

_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[–—-]?[\w(\[])""")
_DOTTED = re.compile(r"(?:\b\w\.){2,}$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences, returned as (start, end) spans without surrounding spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if not _real_end(text, m.start(), end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


_STARTERS = frozenset("the a an he she it they we i this that these in on at but and as after "
                      "for if when while there our his her its".split())


def _real_end(text: str, stop: int, end: int) -> bool:
    """Whether the punctuation at `stop` really ends a sentence."""
    following = re.match(r"[\s\"'“‘«(\[–—-]*(\w+)", text[end:])
    if following and following.group(1)[0].islower():
        return False  # “Are we done?” she asked.
    if text[stop] != ".":
        return True
    word = re.search(r"(\S+)$", text[:stop])
    if not word:
        return True
    token = word.group(1).lstrip("(\"'“‘«[")
    bare = token.lower().rstrip(".")
    if bare in ABBREVIATIONS or bare.rsplit("-", 1)[-1] in ABBREVIATIONS and "-" in bare:
        return False  # "Dr.", "Staff-Insp."
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial, as in "J. Smith"
    if _DOTTED.search(token + "."):
        # "U.S. Army" goes on; "... in the U.S. The next day" ends.
        return bool(following) and following.group(1).lower() in _STARTERS
    return True


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """A comparison key: NFKC, lower case, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return normalize_space(text).lower()


def slug(text: str, limit: int = 40) -> str:
    """An ASCII identifier fragment made from any text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def words(text: str) -> list[str]:
    """The word tokens of a text, lower-cased."""
    return re.findall(r"\w+(?:[’'-]\w+)*", text.lower())


EN_MONTHS = ("january february march april may june july august september october november "
             "december").split()
_EN_SHORT = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
             "sept": 9, "oct": 10, "nov": 11, "dec": 12}
RU_MONTHS = ("январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр").split()
KK_MONTHS = ("қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша "
             "желтоқсан").split()
# A month's stem with a case ending, no more: "мая" and "қазанда" are months, "Марат" and
# "Қазанқапов" are names.
_RU_ENDING = re.compile(r"(?:ь|я|е|ём|ем|й|а|ом|ю)?")
_KK_ENDING = re.compile(r"(?:ы|і|да|де|та|те|ында|інде|дың|дің|тың|тің|ның|нің|ға|ге|қа|ке|нан|нен|"
                        r"тан|тен|дан|ден|ынан|інен)?")


def month_number(name: str) -> int:
    """The month number of an English, Russian or Kazakh month name in any case form, or 0."""
    low = name.lower().rstrip(".")
    if low in EN_MONTHS:
        return EN_MONTHS.index(low) + 1
    if low in _EN_SHORT:
        return _EN_SHORT[low]
    for stems, ending in ((KK_MONTHS, _KK_ENDING), (RU_MONTHS, _RU_ENDING)):
        for i, stem in enumerate(stems):
            if low.startswith(stem) and ending.fullmatch(low, len(stem)):
                return i + 1
    return 0

