"""Read front matter exactly as Pelican's Markdown reader does.

Pelican reads `Key: value` lines with Python-Markdown's meta extension after
Markdown's whitespace normalisation: line ends unified, tabs expanded to four
spaces, lines of spaces made empty. A line indented by four or more spaces
continues the value above it. Reading the same way here means the check sees
the fields the build will see, with their line numbers.
"""

import re
from dataclasses import dataclass, field

KEY_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?$")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
TAB_LENGTH = 4  # Python-Markdown's default, which Pelican keeps


@dataclass
class RawField:
    key: str  # lower case, as Pelican stores it
    name: str  # as written in the file
    value: str
    line: int
    more: list = field(default_factory=list)  # line numbers of continuations


def split_lines(text):
    """Lines as Markdown sees them: \\r\\n, \\r and \\n all end a line, tabs
    are expanded, and a line of spaces is empty."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.expandtabs(TAB_LENGTH) if "\t" in line else line for line in lines]


def parse_front_matter(lines):
    """(fields, body_start, problems): {key: RawField}, the index of the
    first body line, and (line, message, hint) for each error."""
    fields = {}
    problems = []
    index = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    first = index
    last = None
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if not line.strip() or END_RE.match(line):
            index += 1
            break
        match = KEY_RE.match(line)
        if match:
            key = match["key"].lower()
            if key in fields:
                problems.append(
                    (
                        number,
                        f"'{match['key']}' is given twice (also on "
                        f"line {fields[key].line})",
                        "keep one of the two lines",
                    )
                )
                last = None
            else:
                last = fields[key] = RawField(
                    key, match["key"], match["value"].strip(), number
                )
            index += 1
            continue
        more = MORE_RE.match(line)
        if more and last is not None:
            last.value = f"{last.value} {more['value'].strip()}".strip()
            last.more.append(number)
            index += 1
            continue
        if index == first:
            problems.append(
                (
                    number,
                    f"the file does not start with front matter: line "
                    f"{number} is not 'Key: value'",
                    "start the file with 'Title: …' and the other fields, then "
                    "a blank line, then the text",
                )
            )
        else:
            problems.append(
                (
                    number,
                    f"line {number} is not 'Key: value', so the front "
                    "matter ends here and the lines below it show up as text",
                    "add the missing ':' after the key, or leave a blank line "
                    "between the front matter and the text",
                )
            )
        break
    return fields, index, problems
