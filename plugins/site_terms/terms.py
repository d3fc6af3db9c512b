"""The house terms of each language, and where a text strays from them.

Each language has one list, `terms.<lang>.json` next to this file: entries of
a preferred term (`use`), the variants to avoid (`avoid`) and a short reason
(`why`). A variant is written as editors read it:

- `*` stands for any letters, so `смешанн*` is every form of «смешанный» and
  `məşğələ*` every form of «məşğələ» (Azerbaijani adds suffix after suffix);
- `{,а,у,ом}` lists the endings that may follow, when `*` would also catch
  other words (`центр{,а,у}` but not «центральный»);
- a space matches any run of spaces.

Matching is whole-word and ignores letter case unless the entry says
`"case": true` (a capitalisation rule such as «Центр» for the RTCM). An
entry may list phrases in `except` inside which a variant is fine (a
generic «региональный центр»), ignore a capital at the start of a sentence
(`"sentence_start": true`), apply to one interface string only (`msgid`:
then only the .po catalogs are checked) or respell what it found
(`respell`: {"ё": "е"}). What the notation cannot say (digits, for dates)
is written as a regular expression, with `"regex": true`.

Both `make check` (site_checks, content) and the catalog check
(site_catalogs, .po files) report through `markdown_findings` and
`catalog_findings`; `make translations` counts them with `scan`.
"""

import json
import os
import re
from dataclasses import dataclass

from site_content.frontmatter import parse_front_matter, split_lines
from site_content.markdown_syntax import blank_code
from site_content.model import TEXT_TYPES, content_files, fields_of
from site_content.problems import WARNING, Problem

HERE = os.path.dirname(os.path.abspath(__file__))
ENTRY_KEYS = {
    "use",
    "avoid",
    "why",
    "case",
    "except",
    "sentence_start",
    "msgid",
    "respell",
    "regex",
}

# What is not prose in a Markdown line, blanked before matching (same length,
# so columns stay right): link targets, reference definitions, bare
# addresses and HTML tags (code is blanked by site_content's blank_code).
# Every pattern stops at the next character that could start another match
# and is possessive, so a hostile 1 MB line is read in linear time.
LINK_TARGET_RE = re.compile(r"\]\([^\s()\[\]]*+\)|^ {0,3}\[[^\]\n]*+\]:\s*+\S++")
ADDRESS_RE = re.compile(r"(?:https?://|mailto:|www\.)\S++|(?<!\S)[^\s@]++@\S++")
TAG_RE = re.compile(r"<[^<>\n]*+>")
# What may stand between the start of a sentence and its first word.
SENTENCE_START_RE = re.compile(r"(?:^|[.!?:]\s)[\s#>*+\-\d.)«“„\"'(\[]*$")


class TermListError(ValueError):
    """A term list that cannot be read; the message names the file and entry."""

    def __init__(self, path, message):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.detail = message


@dataclass(frozen=True)
class Term:
    use: str
    avoid: tuple
    why: str
    pattern: re.Pattern
    exceptions: re.Pattern | None = None
    sentence_start: bool = False
    msgid: str | None = None
    respell: tuple = ()  # (from, to) pairs
    # A pattern of the variant notation, not a regular expression of the list.
    notation: bool = True

    def preferred(self, found):
        """What to write instead of `found`."""
        if not self.respell:
            return self.use
        for old, new in self.respell:
            found = found.replace(old, new).replace(old.upper(), new.upper())
        return found


@dataclass(frozen=True)
class Finding:
    line: int
    found: str
    term: Term

    def problem(self, path):
        return Problem(
            path,
            self.line,
            WARNING,
            f"write '{self.term.preferred(self.found)}', not '{self.found}'",
            self.term.why,
        )


def variant_regex(text):
    """The regular expression of one variant or exception (see the module
    docstring for the notation), matching whole words only."""
    parts = []
    for piece in re.split(r"(\*|\{[^{}]*\}|\s+)", text):
        if piece == "*":
            parts.append(r"\w*")
        elif piece.startswith("{") and piece.endswith("}"):
            endings = sorted(piece[1:-1].split(","), key=len, reverse=True)
            parts.append("(?:" + "|".join(re.escape(e.strip()) for e in endings) + ")")
        elif piece.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(piece))
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


def make_term(entry, path, number):
    where = f"entry {number}"
    if not isinstance(entry, dict):
        raise TermListError(path, f"{where}: an entry must be an object")
    where += f" ({entry.get('use', '?')!r})"
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise TermListError(
            path,
            f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(ENTRY_KEYS)}",
        )
    for key in ("use", "avoid", "why"):
        if not entry.get(key):
            raise TermListError(path, f"{where}: '{key}' is missing or empty")
    avoid = entry["avoid"]
    if isinstance(avoid, str) or not all(
        isinstance(v, str) and v.strip() for v in avoid
    ):
        raise TermListError(
            path, f"{where}: 'avoid' must be a list of words or phrases"
        )
    flags = 0 if entry.get("case") else re.IGNORECASE
    # A pattern a notation cannot say (digits in dates) is written as a
    # regular expression with "regex": true.
    written = (lambda v: f"(?:{v})") if entry.get("regex") else variant_regex
    try:
        pattern = re.compile("|".join(written(v) for v in avoid), flags)
        exceptions = (
            re.compile("|".join(written(v) for v in entry["except"]), flags)
            if entry.get("except")
            else None
        )
    except re.error as error:
        raise TermListError(path, f"{where}: {error}") from error
    return Term(
        entry["use"],
        tuple(avoid),
        entry["why"],
        pattern,
        exceptions,
        bool(entry.get("sentence_start")),
        entry.get("msgid"),
        tuple(entry.get("respell", {}).items()),
        not entry.get("regex"),
    )


def read_term_list(path):
    """[Term] of one list; raises TermListError."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        raise TermListError(path, str(error)) from error
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise TermListError(path, 'expected {"terms": [ … ]}')
    return [make_term(entry, path, number) for number, entry in enumerate(entries, 1)]


def list_path(lang):
    return os.path.join(HERE, f"terms.{lang}.json")


def load_terms(settings):
    """{lang: [Term]} for every language of the site that has a list."""
    return {
        lang: read_term_list(list_path(lang))
        for lang in settings["LANGUAGES"]
        if os.path.exists(list_path(lang))
    }


# The whole-word assertions that variant_regex puts around every variant.
WORD_EDGES = (r"(?<!\w)", r"(?!\w)")


def loose(term):
    """The term's pattern without its whole-word assertions, where it is of
    the variant notation: it matches wherever the term does, and more, and
    is searched about twice as fast. A list's own regular expression stays
    whole (an assertion taken out of it could narrow a match)."""
    source = term.pattern.pattern
    if term.notation:
        for edge in WORD_EDGES:
            source = source.replace(edge, "")
    return ("(?i:" if term.pattern.flags & re.IGNORECASE else "(?:") + source + ")"


def any_term(terms):
    """One pattern that matches wherever any of `terms` may match, or None
    if the patterns cannot be joined (a "regex" entry with a global flag or
    a named group). Most lines of a file hold no variant: with it, a line
    costs one search instead of one per term, and a line it does not match
    is skipped."""
    try:
        return re.compile("|".join(loose(t) for t in terms))
    except re.error:
        return None


def find_in_text(terms, text, line, msgid=None, prefilter=None):
    """Findings in one line (or .po string) of text; `prefilter` is
    any_term(terms), which skips a line that none of them matches."""
    if prefilter is not None and not prefilter.search(text):
        return []
    found = []
    for term in terms:
        if term.msgid is not None and term.msgid != msgid:
            continue
        allowed = (
            [m.span() for m in term.exceptions.finditer(text)]
            if term.exceptions
            else []
        )
        for match in term.pattern.finditer(text):
            start, end = match.span()
            if any(a <= start and end <= b for a, b in allowed):
                continue
            if term.sentence_start and SENTENCE_START_RE.search(text[:start]):
                continue
            found.append(Finding(line, match.group(), term))
    return found


def prose(line):
    """The line with link targets, addresses and tags blanked."""
    for pattern in (LINK_TARGET_RE, ADDRESS_RE, TAG_RE):
        line = pattern.sub(lambda m: " " * len(m.group()), line)
    return line


def markdown_findings(terms, lines, fields, body_start, kind):
    """Findings in a content file's prose: the text fields of its front
    matter (as the content model types them) and its body, code excluded."""
    terms = [t for t in terms if t.msgid is None]
    prefilter = any_term(terms)
    found = []
    model = fields_of(kind) if kind else {}
    for key, raw in fields.items():
        field = model.get(key)
        if field is None or field.type not in TEXT_TYPES:
            continue
        first = lines[raw.line - 1]
        value_start = first.index(":") + 1 if ":" in first else 0
        found += find_in_text(
            terms, " " * value_start + first[value_start:], raw.line, None, prefilter
        )
        for number in raw.more:
            found += find_in_text(terms, lines[number - 1], number, None, prefilter)
    body = blank_code("\n".join(lines[body_start:])).split("\n")
    for index, line in enumerate(body, body_start + 1):
        if line.strip():
            found += find_in_text(terms, prose(line), index, None, prefilter)
    return found


PO_STRING_RE = re.compile(
    r'^(msgid|msgstr(?:\[\d+\])?|msgctxt|msgid_plural)?\s*"(.*)"\s*$'
)


def po_strings(path):
    """(msgid, [(line, text)]) of each translated string of a .po file, the
    header and obsolete entries excepted; a string continued over several
    lines gives each of its lines."""
    entries = []
    msgid, state = [], None
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            match = PO_STRING_RE.match(line.rstrip("\n"))
            if not match:
                state = None  # a comment, a blank line or an obsolete entry
                continue
            keyword, text = match.group(1), unescape(match.group(2))
            if keyword == "msgid":
                msgid, state = [text], "msgid"
            elif keyword and keyword.startswith("msgstr"):
                entries.append(("".join(msgid), [(number, text)]))
                state = "msgstr"
            elif keyword:
                state = None  # msgctxt, msgid_plural
            elif state == "msgid":
                msgid.append(text)
            elif state == "msgstr":
                entries[-1][1].append((number, text))
    return [(m, pieces) for m, pieces in entries if m]


def unescape(text):
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text
    )


def catalog_findings(terms, path):
    """Findings in the translations of one .po catalog, with its lines."""
    prefilter = any_term(terms)
    found = []
    for msgid, pieces in po_strings(path):
        for number, text in pieces:
            found += find_in_text(terms, text, number, msgid, prefilter)
    return found


def catalog_path(settings, lang):
    return os.path.join(
        settings["I18N_GETTEXT_LOCALEDIR"], lang, "LC_MESSAGES", "messages.po"
    )


def catalog_problems(settings, lists=None):
    """{lang: [Problem]} of the site's .po catalogs."""
    lists = load_terms(settings) if lists is None else lists
    found = {}
    for lang, terms in lists.items():
        path = catalog_path(settings, lang)
        if os.path.isfile(path):
            found[lang] = [f.problem(path) for f in catalog_findings(terms, path)]
    return found


def file_problems(lists, path, lang, kind, lines, fields, body_start, cache=None):
    """[Problem] of one content file that `make check` has already parsed;
    `cache` (findings_cache.FindingsCache of `lists`) skips a file whose
    findings it has."""
    terms = lists.get(lang)
    if not terms:
        return []

    def compute():
        return markdown_findings(terms, lines, fields, body_start, kind)

    found = (
        cache.findings(lang, kind, lines, body_start, compute) if cache else compute()
    )
    return [f.problem(path) for f in found]


def scan(settings):
    """{lang: [Problem]} of every content file and catalog, for `make
    translations` (make check reports the same through site_checks)."""
    lists = load_terms(settings)
    found = {lang: [] for lang in settings["LANGUAGES"]}
    for kind, _folder, _slug, lang, path in content_files(settings):
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            lines = split_lines(handle.read())
        fields, body_start, _ = parse_front_matter(lines)
        found[lang] += file_problems(lists, path, lang, kind, lines, fields, body_start)
    for lang, problems in catalog_problems(settings, lists).items():
        found[lang] += problems
    return found
