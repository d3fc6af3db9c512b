"""Moodle's multilang fields: one field holding every language, in either
syntax (`{mlang xx}…{mlang}` of filter_multilang2, or
`<span lang="xx" class="multilang">…</span>` of the core filter), split into
the text each language shows; and the language of text that has no markup.
"""

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

MLANG_TOKEN = re.compile(
    r"\{\s*mlang(?:\s+(?P<langs>[a-z0-9_-]+(?:\s*,\s*[a-z0-9_-]+)*))?\s*\}",
    re.IGNORECASE,
)


def normalise_lang(code):
    """Moodle language code → base language: 'RU' → 'ru', 'en-US' → 'en'."""
    code = code.strip().lower().replace("-", "_")
    return code if code == "other" else code.split("_")[0]


@dataclass
class Split:
    """A multilang field split by language.

    `text[lang]` is the field as Moodle shows it in `lang` (shared text plus
    that language's blocks, or the `other` blocks when it has none);
    `own` holds the languages that have a non-empty block of their own.
    """

    text: dict
    own: set
    problems: list = field(default_factory=list)


def _split_mlang(value, langs, problems):
    """filter_multilang2 syntax → ({lang: text}, own languages)."""
    pieces = []  # (None | frozenset of langs, text)
    position = 0
    current = None  # (langs, start of block content, offset of the opener)
    for match in MLANG_TOKEN.finditer(value):
        if match.group("langs") is None:  # a closing {mlang}
            if current is None:
                problems.append(f"stray closing {{mlang}} at character {match.start()}")
                pieces.append((None, value[position : match.start()]))
            else:
                pieces.append((current[0], value[current[1] : match.start()]))
                current = None
            position = match.end()
            continue
        block_langs = frozenset(
            normalise_lang(x) for x in match.group("langs").split(",")
        )
        if current is not None:
            problems.append(
                f"{{mlang}} block opened at character {current[2]} is not closed "
                f"before the next block (nested or broken markup); it ends there"
            )
            pieces.append((current[0], value[current[1] : match.start()]))
        else:
            pieces.append((None, value[position : match.start()]))
        current = (block_langs, match.end(), match.start())
        position = match.end()
    if current is not None:
        problems.append(
            f"{{mlang}} block opened at character {current[2]} is never "
            "closed; it runs to the end of the field"
        )
        pieces.append((current[0], value[current[1] :]))
    else:
        pieces.append((None, value[position:]))

    own = {
        lang
        for block, text in pieces
        if block and text.strip()
        for lang in block
        if lang in langs
    }
    result = {}
    for lang in langs:
        has_block = any(block and lang in block for block, _ in pieces)
        parts = []
        for block, text in pieces:
            if block is None or lang in block or ("other" in block and not has_block):
                parts.append(text)
        result[lang] = "".join(parts)
    return result, own


def _is_multilang_span(tag):
    return (
        tag.name in ("span", "lang")
        and tag.has_attr("lang")
        and (tag.name == "lang" or "multilang" in (tag.get("class") or []))
    )


def _split_spans(value, langs, problems):
    """Core filter_multilang syntax → ({lang: html}, own languages)."""
    own = set()
    result = {}
    for lang in langs:
        soup = BeautifulSoup(value, "lxml")
        body = soup.body or soup
        for span in body.find_all(_is_multilang_span):
            if span.find(_is_multilang_span):
                problems.append(
                    f"multilang span lang={span['lang']!r} contains "
                    "another multilang span (nested markup)"
                )
        for span in list(body.find_all(_is_multilang_span)):
            if span.parent is None:
                continue
            span_lang = normalise_lang(span["lang"])
            if span_lang == lang:
                if span.get_text().strip() or span.find("img"):
                    own.add(lang)
                span.unwrap()
            else:
                span.decompose()
        result[lang] = body.decode_contents()
    return result, own


def split_multilang(value, langs, html_field=True):
    """Split one Moodle field by language; see `Split`.

    Both syntaxes may appear in one field. Text outside every block belongs
    to all languages. Broken or nested markup is reported in `problems` and
    handled as well as it can be, never raised.
    """
    value = value or ""
    problems = []
    texts, own = _split_mlang(value, list(langs), problems)
    if re.search(r"<(span|lang)\b[^>]*\blang\s*=", value, re.IGNORECASE) and (
        "multilang" in value or "<lang" in value.lower()
    ):
        split_texts, span_own = {}, set()
        for lang in langs:
            one, one_own = _split_spans(
                texts[lang], [lang], problems if lang == langs[0] else []
            )
            split_texts[lang] = one[lang]
            span_own |= one_own
        if not html_field:
            split_texts = {
                lang: BeautifulSoup(text, "lxml").get_text()
                for lang, text in split_texts.items()
            }
        texts = split_texts
        # A span-tagged language counts as "own" only if its text survives
        # the mlang pass too.
        own = own | span_own
    own = {lang for lang in own if texts[lang].strip()}
    return Split(texts, own, problems)


def guess_lang(text, default_lang):
    """The language of untagged text by its letters: Cyrillic is Russian,
    Azerbaijani letters (ə, ğ, ı, ş …) are Azerbaijani, anything else is the
    default language."""
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    if re.search(r"[əğışƏĞİŞ]", text):
        return "az"
    return default_lang


def tags_for(tags, lang, langs, default_lang):
    """The tags that belong in `lang`'s file.

    A tag with multilang markup is split; a plain tag goes to the language
    its script suggests (Cyrillic: ru; Azerbaijani letters: az; otherwise
    the default language).
    """
    result = []
    for tag in tags:
        if MLANG_TOKEN.search(tag) or "multilang" in tag:
            split = split_multilang(tag, langs, html_field=False)
            if lang in split.own:
                result.append(split.text[lang].strip())
            continue
        if guess_lang(tag, default_lang) == lang:
            result.append(tag.replace(",", " "))
    return list(dict.fromkeys(result))
