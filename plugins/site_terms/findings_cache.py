"""The house-term findings of content files, kept between runs.

Matching every term of a language against every line of prose costs a few
milliseconds a file (whole-word, case-insensitive expressions), and the
build checks every file on every run: on the benchmark's 3,000 files that
was ten seconds of each rebuild. A file's findings depend only on its text,
its kind, its language's term list and the code that reads them, so they
are kept in `cache/terms.json` under a hash of all of these. A changed
file, term list or reading code is matched again; a cache that cannot be
read is ignored and written anew. `make check` and the build share it, so
both give the same findings whichever ran first.
"""

import hashlib
import json
import os

import site_content

from . import terms as terms_module

HERE = os.path.dirname(os.path.abspath(__file__))
CONTENT_CODE = os.path.dirname(os.path.abspath(site_content.__file__))
# The code whose every change can change a finding: the matcher, and how
# front matter, code blocks and the model's text fields are read.
CODE = (
    os.path.abspath(terms_module.__file__),
    os.path.join(CONTENT_CODE, "frontmatter.py"),
    os.path.join(CONTENT_CODE, "markdown_syntax.py"),
    os.path.join(CONTENT_CODE, "model.py"),
)
NAME = "terms.json"


def code_and_lists_hash(lists):
    digest = hashlib.sha256()
    for path in CODE:
        with open(path, "rb") as handle:
            digest.update(handle.read())
    for lang in sorted(lists):
        with open(terms_module.list_path(lang), "rb") as handle:
            digest.update(lang.encode() + b"\0" + handle.read())
    return digest.hexdigest()


class FindingsCache:
    """Findings by file hash; `folder` None keeps them for this run only."""

    def __init__(self, folder, lists):
        self.path = os.path.join(folder, NAME) if folder else None
        self.lists = lists
        self.salt = code_and_lists_hash(lists).encode()
        self.old = self._load()
        self.used = {}

    def _load(self):
        if self.path is None:
            return {}
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("salt") != self.salt.decode():
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def findings(self, lang, kind, lines, body_start, compute):
        """compute()'s findings for this text, from the cache if it has them."""
        terms = self.lists[lang]
        digest = hashlib.sha256(self.salt)
        digest.update(f"\0{lang}\0{kind}\0{body_start}\0".encode())
        digest.update("\n".join(lines).encode("utf-8", "surrogatepass"))
        key = digest.hexdigest()
        kept = self.old.get(key)
        if kept is not None:
            self.used[key] = kept
            return [
                terms_module.Finding(line, found, terms[index])
                for line, found, index in kept
            ]
        found = compute()
        index = {id(term): number for number, term in enumerate(terms)}
        self.used[key] = [[f.line, f.found, index[id(f.term)]] for f in found]
        return found

    def save(self):
        """Keep the findings of the files this run read, and only those
        (a deleted file's go); nothing is written when nothing changed."""
        if self.path is None or self.used == self.old:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        temporary = f"{self.path}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"salt": self.salt.decode(), "files": self.used}, handle)
        # A check and a build may save at once: each replaces the file whole.
        os.replace(temporary, self.path)
