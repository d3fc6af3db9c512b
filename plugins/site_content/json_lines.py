"""Lines in a JSON file: where each key and value is, for messages.

`json.loads` decides what the file means; `scan()` then walks the same text
with the decoder's own pieces (`scanstring` for every key and text,
`raw_decode` to step over anything deeper than a format goes) and records
the line of every key and value by its path of keys, and finds keys given
twice, which `json.loads` silently drops.
"""

import bisect
import json
import re

JSON_MESSAGES = {
    "Expecting ',' delimiter": "a ',' is missing here",
    "Expecting ':' delimiter": "a ':' is missing here",
    "Expecting value": "a value is missing here (or there is a ',' too many)",
    "Expecting property name enclosed in double quotes": "a name in double quotes is expected here (or there is a ',' too many)",
    "Unterminated string starting at": "a text in double quotes is not closed",
    "Invalid control character at": "a text in double quotes contains a line break "
    "or another invisible character",
    "Invalid \\escape": "a backslash starts an escape JSON does not know",
    "Extra data": "there is more after the end of the data",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": "the file starts with an invisible byte-order mark (BOM)",
}


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def scan(text, depth=4):
    """({key path: (key line, value line)}, [(key path, line, first line)])
    for text that json.loads has accepted; key paths are tuples of keys and
    list indexes, () is the whole file."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    positions, duplicates = {}, []

    def line(pos):
        return bisect.bisect_right(starts, pos)

    def value(pos, path, key_line):
        pos = _SPACE.match(text, pos).end()
        positions[path] = (key_line or line(pos), line(pos))
        if len(path) >= depth or text[pos] not in "{[":
            return _DECODER.raw_decode(text, pos)[1]
        closing = "}" if text[pos] == "{" else "]"
        pos = _SPACE.match(text, pos + 1).end()
        seen, index = {}, 0
        while text[pos] != closing:
            if closing == "}":
                key, end = json.decoder.scanstring(text, pos + 1)
                if key in seen:
                    duplicates.append((path + (key,), line(pos), seen[key]))
                seen[key] = line(pos)
                pos = _SPACE.match(text, end).end() + 1  # the ":"
                pos = value(pos, path + (key,), seen[key])
            else:
                pos = value(pos, path + (index,), None)
                index += 1
            pos = _SPACE.match(text, pos).end()
            if text[pos] == ",":
                pos = _SPACE.match(text, pos + 1).end()
        return pos + 1

    value(0, (), None)
    return positions, duplicates
