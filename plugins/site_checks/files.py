"""Reading the content folder's files for the checks: the walk (symbolic
links refused), each file's bytes as text (size, emptiness, encoding) and
the invisible control characters in a body. A mixin of ContentChecker,
like GroupRules (rules.py) and LinkChecks (links.py): it reports through
`self.add` and reads `self.content` and `self.options`."""

import os

from site_content.fields import control_character
from site_content.problems import ERROR, WARNING

# At most this many control characters are reported per file (a pasted
# document can have thousands).
MAX_CONTROL_REPORTS = 5


class FileReading:
    """The files of content/ and their text, with every reason one cannot
    be read reported against its file."""

    def _walk(self):
        """Content files in a stable order. Symbolic links are refused: the
        build must publish only what is in content/ itself."""
        for directory, dirs, files in os.walk(self.content):
            dirs.sort()
            for name in list(dirs):
                full = os.path.join(directory, name)
                if name.startswith("."):
                    dirs.remove(name)
                elif os.path.islink(full):
                    dirs.remove(name)
                    self._refuse_symlink(full, "folder")
            for name in sorted(files):
                full = os.path.join(directory, name)
                if name.startswith("."):
                    continue  # Pelican ignores hidden files (IGNORE_FILES)
                if os.path.islink(full):
                    self._refuse_symlink(full, "file")
                    continue
                yield full

    def _refuse_symlink(self, path, what):
        target = os.path.realpath(path)
        if not os.path.exists(target):
            message = (
                f"this {what} is a symbolic link to '{os.readlink(path)}', "
                "which does not exist"
            )
        elif os.path.commonpath([target, self.content]) != self.content:
            message = (
                f"this {what} is a symbolic link to '{target}', outside the "
                "content folder"
            )
        else:
            message = (
                f"this {what} is a symbolic link to "
                f"content/{os.path.relpath(target, self.content)}"
            )
        self.add(
            path,
            1,
            ERROR,
            message,
            f"copy the {what} here instead of linking to it: the site publishes "
            "only what is in content/ itself",
        )

    def _read_text(self, path):
        """The file's text, or None after reporting why it cannot be read."""
        size = os.path.getsize(path)
        limit = self.options["max_bytes"]
        if size > limit:
            self.add(
                path,
                1,
                ERROR,
                f"the file is {size / 1_000_000:.1f} MB; a text file may have at "
                f"most {limit / 1_000_000:g} MB",
                "shorten the text; put large documents and images in "
                "content/media/ and link to them with {static}",
            )
            return None
        with open(path, "rb") as handle:
            data = handle.read()
        if not data.strip():
            self.add(
                path,
                1,
                ERROR,
                "the file is empty",
                "write the front matter and the text, or delete the file",
            )
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            self.add(
                path,
                1,
                WARNING,
                "the file starts with an invisible byte-order mark (BOM)",
                "save it as 'UTF-8' (without BOM) in your editor",
            )
        if b"\x00" in data:
            self.add(
                path,
                1,
                ERROR,
                "the file is not UTF-8 text (it looks like UTF-16)",
                "open it and save it with the encoding 'UTF-8'",
            )
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            byte = data[error.start]
            self.add(
                path,
                line,
                ERROR,
                f"the file is not UTF-8 text (byte 0x{byte:02X} on line {line})",
                "open it and save it with the encoding 'UTF-8'",
            )
            return None

    def _check_control_characters(self, path, lines, body_start, body):
        """Control characters in the text (the front matter's are reported
        with their field)."""
        if control_character(body) is None:
            return
        reported = 0
        for index in range(body_start, len(lines)):
            found = control_character(lines[index])
            if found is None:
                continue
            self.add(
                path,
                index + 1,
                ERROR,
                f"line {index + 1} contains the invisible control character {found[1]}",
                "retype the text around it; such characters come from pasting "
                "from Word or PDF files",
            )
            reported += 1
            if reported == MAX_CONTROL_REPORTS:
                return
