"""Numbers written in words: English, Russian and Kazakh number words and their values."""
from __future__ import annotations

import re

_EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
             "fifteen sixteen seventeen eighteen nineteen").split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}

_RU = {
    "один одна одно одного одной одному одним одном одну": 1, "два две двух двум двумя": 2,
    "три трех трёх трем трём тремя": 3, "четыре четырех четырёх четырем четырём четырьмя": 4,
    "пять пяти пятью": 5, "шесть шести шестью": 6, "семь семи": 7, "восемь восьми": 8,
    "девять девяти девятью": 9, "десять десяти десятью": 10, "двадцать двадцати": 20,
    "тридцать тридцати": 30, "сорок": 40, "пятьдесят пятидесяти": 50, "шестьдесят шестидесяти": 60,
    "семьдесят семидесяти": 70, "восемьдесят восьмидесяти": 80, "девяносто девяноста": 90,
    "сто ста": 100, "двести двухсот": 200, "триста трехсот трёхсот": 300,
    "четыреста четырехсот четырёхсот": 400, "пятьсот пятисот": 500, "шестьсот шестисот": 600,
    "семьсот семисот": 700, "восемьсот восьмисот": 800, "девятьсот девятисот": 900,
    # Kazakh ("он" and "бес" are left out: they are also Russian words).
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
    "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70, "сексен": 80,
    "тоқсан": 90, "жүз": 100,
}
_RU_TEENS = "одиннадцат двенадцат тринадцат четырнадцат пятнадцат шестнадцат семнадцат восемнадцат девятнадцат"
_RU_SCALES = {"тысяча тысячи тысяч тысячу тысячей тысячам тысячами мың": 1_000,
              "миллион миллиона миллионов миллионы миллионам": 1_000_000,
              "миллиард миллиарда миллиардов миллиарды": 1_000_000_000,
              "триллион триллиона триллионов": 1_000_000_000_000}


def _table() -> tuple[dict[str, int], dict[str, int]]:
    small = {w: i for i, w in enumerate(_EN_UNITS)}
    small.update({w: 20 + 10 * i for i, w in enumerate(_EN_TENS)})
    for words, value in _RU.items():
        small.update(dict.fromkeys(words.split(), value))
    for i, stem in enumerate(_RU_TEENS.split()):
        small.update({stem + "ь": 11 + i, stem + "и": 11 + i})
    scales = dict(_SCALES)
    for words, value in _RU_SCALES.items():
        scales.update(dict.fromkeys(words.split(), value))
    return small, scales


SMALL, SCALES = _table()
_WORDS = frozenset(SMALL) | frozenset(SCALES)


def number_word_runs(tokens) -> list[tuple[int, int]]:
    """(start, end) character spans of runs of number words: "seven", "two hundred and fifty"."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not is_number_word(tokens[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            if is_number_word(tokens[j].text):
                j += 1
            elif tokens[j].text.lower() == "and" and j + 1 < len(tokens) and is_number_word(tokens[j + 1].text):
                j += 2
            else:
                break
        runs.append((tokens[i].start, tokens[j - 1].end))
        i = j
    return runs


def is_number_word(word: str) -> bool:
    """Whether a word is a number word ("seven", "twenty-five", "тысяч")."""
    low = word.lower()
    return low in _WORDS or ("-" in low and all(p in SMALL for p in low.split("-")))


def words_value(text: str) -> float | None:
    """The value of a run of number words ("two hundred and fifty" -> 250), or None."""
    total, current = 0, 0
    seen = False
    for word in re.split(r"\s+and\s+|\s+", text.lower()):
        parts = [word] if word in SMALL or word in SCALES else word.split("-")
        for part in parts:
            if part in SMALL:
                current += SMALL[part]
            elif part == "hundred":
                current = max(current, 1) * 100
            elif part in SCALES:
                total += max(current, 1) * SCALES[part]
                current = 0
            else:
                return None
            seen = True
    return float(total + current) if seen else None
