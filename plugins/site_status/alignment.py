"""Facts that must read the same in every language of a translation group.

A translation may say a thing in its own words, but not a different thing:
the numbers in the text (days, years, participants), the months of the
dates, how many countries took part, and the length of the Countries list
must agree with the source-language version. `differences()` lists where
they do not; `make translations` prints the list and tests/test_terms.py
fails on it.

Facts are read from the text fields of the front matter (as the content
model types them) and the body, code excluded.
"""

import re
from dataclasses import dataclass

from site_content.frontmatter import parse_front_matter, split_lines
from site_content.markdown_syntax import blank_code
from site_content.model import TEXT_TYPES, content_files, fields_of
from site_terms.terms import prose

NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
# Month names and their stems; Azerbaijani and Russian add endings.
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "ru": [
        "январ",
        "феврал",
        "март",
        "апрел",
        "ма[йяею]",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ],
    "az": [
        "yanvar",
        "fevral",
        "mart",
        "aprel",
        "may",
        "iyun",
        "iyul",
        "avqust",
        "sentyabr",
        "oktyabr",
        "noyabr",
        "dekabr",
    ],
}
ENDINGS = {"en": "", "ru": r"\w*", "az": r"\w*"}
# Counts of countries written in words ("ten countries", «десяти стран»,
# «on ölkə»), and the words for a country.
COUNT_WORDS = {
    "en": {
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
    },
    "ru": {
        "двух": 2,
        "две": 2,
        "трех": 3,
        "три": 3,
        "четырех": 4,
        "четыре": 4,
        "пяти": 5,
        "пять": 5,
        "шести": 6,
        "шесть": 6,
        "семи": 7,
        "семь": 7,
        "восьми": 8,
        "восемь": 8,
        "девяти": 9,
        "девять": 9,
        "десяти": 10,
        "десять": 10,
        "одиннадцати": 11,
        "одиннадцать": 11,
        "двенадцати": 12,
        "двенадцать": 12,
    },
    "az": {
        "iki": 2,
        "üç": 3,
        "dörd": 4,
        "beş": 5,
        "altı": 6,
        "yeddi": 7,
        "səkkiz": 8,
        "doqquz": 9,
        "on": 10,
        "on bir": 11,
        "on iki": 12,
    },
}
COUNTRY_WORDS = {
    "en": r"(?:other )?countr\w*",
    "ru": r"(?:других )?(?:стран|государств)\w*",
    "az": r"(?:daha )?ölkə\w*",
}


@dataclass(frozen=True)
class Difference:
    group: str  # folder/slug
    lang: str
    what: str  # "numbers", "months", "country counts", "countries listed"
    source: tuple  # the source-language version's values
    translation: tuple  # this version's values

    def format(self, source_lang):
        return (
            f"{self.group} ({self.lang}): {self.what} differ from {source_lang}: "
            f"{', '.join(map(str, self.translation)) or '—'} here, "
            f"{', '.join(map(str, self.source)) or '—'} in {source_lang}"
        )


def texts(path, kind):
    """The prose of a content file: its text fields and its body."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        lines = split_lines(handle.read())
    fields, body_start, _ = parse_front_matter(lines)
    model = fields_of(kind)
    parts = [
        raw.value
        for key, raw in fields.items()
        if key in model and model[key].type in TEXT_TYPES and key != "countries"
    ]
    parts += [
        prose(line) for line in blank_code("\n".join(lines[body_start:])).split("\n")
    ]
    countries = fields.get("countries")
    listed = (
        len([c for c in countries.value.split(",") if c.strip()]) if countries else None
    )
    return "\n".join(parts), listed


def facts(path, kind, lang):
    """{what: sorted tuple} of the facts of one version."""
    text, listed = texts(path, kind)
    # English months have capitals ("may" is a verb); the others' are lower
    # case but may start a sentence.
    flags = 0 if lang == "en" else re.IGNORECASE
    months = [
        number
        for number, stem in enumerate(MONTHS.get(lang, []), 1)
        if re.search(rf"(?<!\w){stem}{ENDINGS[lang]}(?!\w)", text, flags)
    ]
    counts = set()
    words = COUNT_WORDS.get(lang, {})
    if words:
        number = "|".join(
            [r"\d+"] + sorted(map(re.escape, words), key=len, reverse=True)
        )
        for match in re.finditer(
            rf"(?<![\w-])({number})\s+{COUNTRY_WORDS[lang]}", text, re.IGNORECASE
        ):
            found = match.group(1).lower()
            counts.add(int(found) if found.isdigit() else words[found])
    return {
        "numbers": tuple(sorted(set(NUMBER_RE.findall(text)), key=_numeric)),
        "months": tuple(months),
        "country counts": tuple(sorted(counts)),
        "countries listed": (listed,) if listed is not None else (),
    }


def _numeric(token):
    return float(token.replace(",", "."))


def differences(settings, source_lang="en"):
    """[Difference] of every translation whose facts differ from the
    source-language version of its group."""
    groups = {}
    for kind, folder, slug, lang, path in content_files(settings):
        groups.setdefault(f"{folder}/{slug}", {})[lang] = (path, kind)
    found = []
    for group, versions in sorted(groups.items()):
        if source_lang not in versions:
            continue
        source = facts(*versions[source_lang], source_lang)
        for lang, (path, kind) in sorted(versions.items()):
            if lang == source_lang:
                continue
            translated = facts(path, kind, lang)
            found += [
                Difference(group, lang, what, source[what], translated[what])
                for what in source
                if source[what] != translated[what]
            ]
    return found
