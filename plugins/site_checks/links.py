"""Links and images in the body: every target must exist on the built site.

A mixin of ContentChecker (checks.py), which gives it `self.sources`,
`self.content`, `self.settings`, `self.add()` and the addresses of the site
(`_site_paths`, rules.py). Addresses that the sanitiser will remove
(javascript:, data:, …) are reported as warnings: the sanitiser
(site_content.sanitize) is the guard, this tells the editor.
"""

import os
import posixpath
import re
from urllib.parse import unquote, urljoin, urlsplit

from site_content.fields import suggest, url_path_variants
from site_content.problems import ERROR, WARNING
from site_content.sanitize import URL_SCHEMES, url_scheme

MAX_SUGGESTIONS = 50
# The {what} of Pelican's intra-site links that this site can resolve.
LINK_KINDS = ("filename", "static", "attach", "tag", "category", "index")
LINK_KIND_RE = re.compile(r"^[{|](?P<what>[a-z]*)[|}](?P<value>.*)$")


class LinkChecks:
    def _suggestion(self, file_part):
        """The content file closest to a missing link target, once per
        target and at most MAX_SUGGESTIONS times per check: each costs a
        comparison with every file of the site."""
        memo = self.__dict__.setdefault("_suggestions", {})
        if file_part not in memo and len(memo) < MAX_SUGGESTIONS:
            names = [s.relative for s in self.sources]
            memo[file_part] = suggest(file_part.lstrip("/"), names, cutoff=0.85)
        return memo.get(file_part)

    def _realpath(self, path):
        """os.path.realpath, once per path: many files link the same ones."""
        memo = self.__dict__.setdefault("_realpaths", {})
        if path not in memo:
            memo[path] = os.path.realpath(path)
        return memo[path]

    def _check_links(self):
        site_paths = self._site_paths()
        # Sources are found under the resolved content folder, and symbolic
        # links are refused: their paths are real already.
        by_path = {s.path: s for s in self.sources}
        root = urlsplit(self.settings.get("SITE_ROOT_URL", "")).netloc
        for source in self.sources:
            for link in source.links:
                self._check_link(source, link, site_paths, by_path, root)

    def _check_link(self, source, link, site_paths, by_path, root_host):
        path, target, line = source.path, link.target, link.line
        if link.image and not link.alt.strip():
            self.add(
                path,
                line,
                ERROR,
                "the image has no alt text",
                "describe what it shows: ![A group photo of the trainees]"
                "({static}/media/photo.jpg)",
            )
        scheme = None if LINK_KIND_RE.match(target) else url_scheme(target)
        if scheme and scheme not in URL_SCHEMES:
            # The sanitiser removes it; raw HTML is reported by its own
            # reporter (site_content.dropped.report_dropped), Markdown here.
            if not link.html:
                self.add(
                    path,
                    line,
                    WARNING,
                    f"the address '{target[:40]}' is not allowed and will be removed",
                    "link to a page or a file instead (http, https, mailto and "
                    "tel addresses are allowed)",
                )
            return
        if not target:
            self.add(
                path,
                line,
                ERROR,
                "the link has no address",
                "write the address between the brackets: [text](address)",
            )
            return
        special = LINK_KIND_RE.match(target)
        if special:
            self._check_intrasite(
                source, link, special["what"], special["value"], by_path
            )
            return
        parts = urlsplit(target)
        if parts.scheme in ("mailto", "tel"):
            return
        external = parts.scheme or parts.netloc
        if external and parts.netloc != root_host:
            if link.image:
                self.add(
                    path,
                    line,
                    ERROR,
                    f"the image is loaded from another site ({parts.netloc})",
                    "the site loads nothing from other sites: save the image "
                    "in content/media/ and use {static}/media/<name>",
                )
            return
        if not parts.path:
            return  # #fragment on the same page: checked in the built HTML
        if parts.path.endswith(".md") and not external:
            self.add(
                path,
                line,
                ERROR,
                f"the link '{target}' points at a Markdown file without {{filename}}",
                "write it as ({filename}/posts/<slug>.<lang>.md)",
            )
            return
        base = f"/{source.lang or self.languages[0]}/{self._url_of(source) if source.slug else ''}"
        address = posixpath.normpath(urljoin(base, unquote(parts.path)))
        if parts.path.endswith("/"):
            address += "/"
        self._check_address(source, link, address, site_paths)

    def _check_address(self, source, link, address, site_paths):
        """`address` is an absolute path on this site."""
        first, _, rest = address.lstrip("/").partition("/")
        if first in self.static_folders:
            full = os.path.join(self.content, first, rest)
            if not os.path.isfile(full):
                self.add(
                    source.path,
                    link.line,
                    ERROR,
                    f"'{link.target}' does not exist in content/{first}/",
                    f"add the file to content/{first}/ or correct the name",
                )
            else:
                self._check_image_use(source, link, self._realpath(full))
        elif first == "theme":
            static = os.path.join(self.settings.get("THEME", ""), "static", rest)
            if not os.path.isfile(static):
                self.add(
                    source.path,
                    link.line,
                    ERROR,
                    f"'{link.target}' is not a file of the theme",
                    "correct the address",
                )
        elif link.image:
            self.add(
                source.path,
                link.line,
                ERROR,
                f"the image '{link.target}' does not exist",
                "put the image in content/media/ and write {static}/media/<name>",
            )
        elif first in self.languages:
            if url_path_variants(rest) not in site_paths:
                self.add(
                    source.path,
                    link.line,
                    ERROR,
                    f"'{link.target}' is not a page of the site",
                    "link to another post or page with ({filename}/posts/"
                    "<slug>.<lang>.md) so that the build keeps the address right",
                )
        elif address.strip("/") and not first.endswith((".html", ".xml", ".txt")):
            self.add(
                source.path,
                link.line,
                ERROR,
                f"'{link.target}' is not a page of the site",
                "addresses on this site start with a language, e.g. /en/about/",
            )

    def _check_image_use(self, source, link, full):
        """A link or image that shows a file the image pipeline cannot read
        (ContentChecker._check_image_file) is an error on its own line."""
        problem = self.unusable_images.get(full)
        if problem is not None:
            self.add(
                source.path,
                link.line,
                ERROR,
                f"the image '{link.target}' cannot be used: {problem.message}",
                problem.hint,
            )

    def _check_intrasite(self, source, link, what, value, by_path):
        path, line = source.path, link.line
        if what not in LINK_KINDS:
            self.add(
                path,
                line,
                ERROR,
                f"'{{{what}}}' is not a kind of link the site knows",
                "use {filename} for pages and posts, {static} for files in "
                "content/media/",
            )
            return
        if what in ("tag", "index"):
            return
        if what == "category":
            if value not in self.categories:
                self.add(
                    path,
                    line,
                    ERROR,
                    f"there is no category '{value}'",
                    f"use one of: {', '.join(self.categories)}",
                )
            return
        file_part = unquote(urlsplit(value).path)
        if not file_part:
            self.add(
                path,
                line,
                ERROR,
                f"{{{what}}} is not followed by a file",
                "write e.g. {filename}/posts/<slug>.<lang>.md",
            )
            return
        if file_part.startswith("/"):
            full = os.path.join(self.content, file_part.lstrip("/"))
        else:
            full = os.path.join(os.path.dirname(path), file_part)
        full = self._realpath(full)
        if os.path.commonpath([full, self.content]) != self.content:
            self.add(
                path,
                line,
                ERROR,
                f"the link target '{file_part}' is outside the content folder",
                "link only to files in content/, e.g. {static}/media/<file>",
            )
            return
        if what == "attach":
            self.attachments.setdefault(full, []).append((source, line))
        if not os.path.isfile(full):
            close = self._suggestion(file_part) if what == "filename" else None
            self.add(
                path,
                line,
                ERROR,
                f"the link target '{file_part}' does not exist",
                f"did you mean /{close}?"
                if close
                else "correct the path: it starts at content/, e.g. "
                "/posts/<slug>.<lang>.md or /media/<file>",
            )
            return
        if what != "filename":
            self._check_image_use(source, link, full)
            return
        target = by_path.get(full)
        if target is None:
            self.add(
                path,
                line,
                ERROR,
                f"{{filename}} points at '{file_part}', which is not a post or page",
                "use {static} for images and documents",
            )
        elif target.status == "draft" and source.status != "draft":
            self.add(
                path,
                line,
                ERROR,
                f"the link target '{file_part}' is a draft, so the link "
                "would be broken on the published site",
                "publish the target first, or remove the link",
            )
