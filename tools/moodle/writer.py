"""Writing into the site's content folder: Markdown files and copies of the
Moodle files the entries link to.

A file that exists and differs is never overwritten without `--force`, so
an import run again keeps editors' changes. Paths are the content folder
plus parts the importer made: the kind, numeric ids, slugs, and file names
made safe by `safe_filename`; a slug read back from the mapping was
checked when it was read (redirects.load_mapping). Every path is also
resolved and must stay inside the content folder, whatever made it.
"""

import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString
from pelican.utils import slugify

from . import InputError

MEDIA_FOLDER = "media/moodle"

PLUGINFILE = re.compile(r"(@@PLUGINFILE@@/|/pluginfile\.php/)", re.IGNORECASE)


def safe_filename(name):
    """An ASCII file name for the site: 'Фото 1.JPG' → 'foto-1.jpg'."""
    name = unquote(name).split("?")[0]
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = (
        slugify(
            stem, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")], use_unicode=False
        )
        or "file"
    )
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{stem}.{ext}" if ext else stem


def find_file(files_dir, kind, item_id, name):
    """The supplied file for a Moodle link, or None."""
    if files_dir is None:
        return None
    name = unquote(name)
    for candidate in (
        files_dir / kind / str(item_id) / name,
        files_dir / str(item_id) / name,
        files_dir / name,
    ):
        if candidate.is_file():
            return candidate
    return None


def _remove_address(tag):
    """A link without its address keeps its text; an image becomes its alt text."""
    if tag.name == "a":
        tag.unwrap()
    else:
        tag.replace_with(NavigableString(tag.get("alt", "")))


class ContentWriter:
    """Writes into `content`, records each outcome in the item's report,
    and writes nothing on a dry run."""

    def __init__(self, content, *, files_dir=None, force=False, dry_run=False):
        self.content = content
        self.files_dir = files_dir
        self.force = force
        self.dry_run = dry_run
        self._handled = set()

    def write(self, relative, data, report):
        """Write bytes to content/`relative` unless the file exists."""
        if relative in self._handled:  # a file linked from several languages
            return
        self._handled.add(relative)
        path = self.content / relative
        if not path.resolve().is_relative_to(self.content.resolve()):
            raise InputError(f"{relative}: outside the content folder; nothing written")
        if path.exists():
            if path.read_bytes() == data:
                report.unchanged.append(relative)
                return
            if not self.force:
                report.skipped.append(
                    f"{relative} (exists and differs; --force overwrites)"
                )
                return
        report.created.append(relative)
        if not self.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def rewrite_files(self, body, item, report):
        """Point Moodle file links at copies in content/media/moodle/…"""
        soup = BeautifulSoup(body, "lxml")
        for tag in soup.find_all(["a", "img"]):
            attr = "href" if tag.name == "a" else "src"
            url = tag.get(attr, "")
            match = PLUGINFILE.search(url)
            if not match:
                scheme = urlsplit(url).scheme
                if tag.name == "img" and scheme in ("http", "https"):
                    # The site loads nothing from other hosts.
                    report.warnings.append(
                        f"image from another site made a link: {url}"
                    )
                    link = soup.new_tag("a", href=url)
                    link.string = tag.get("alt") or tag.get("title") or url
                    tag.replace_with(link)
                elif url and not scheme and not url.startswith(("/", "#", "{")):
                    # Relative to a Moodle page: it would break on this site.
                    report.warnings.append(f"relative address {url!r} removed")
                    _remove_address(tag)
                continue
            name = url[match.end() :].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
            found = find_file(self.files_dir, item.kind, item.id, name)
            if found is None:
                report.warnings.append(
                    f"missing file {unquote(name)!r} ({url}): link removed"
                )
                _remove_address(tag)
                continue
            relative = f"{MEDIA_FOLDER}/{item.kind}/{item.id}/{safe_filename(name)}"
            self.write(relative, found.read_bytes(), report)
            tag[attr] = "{static}/" + relative
        body_tag = soup.body
        return body_tag.decode_contents() if body_tag else ""
