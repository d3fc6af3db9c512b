"""Rules across files: translation groups, references, and output addresses.

A mixin of ContentChecker (checks.py). Every address the build writes inside
a language folder is known here — posts, pages, and everything generated
(lists, feeds, tag and category pages, the library's facets, calendars,
pagination) — so no file can silently take another's address, and two tags
that would share one page are reported with both names.
"""

from site_content.fields import tag_slug, url_path_variants
from site_content.model import KINDS, fields_of
from site_content.problems import ERROR

# What the pages of DIRECT_TEMPLATES are, in messages.
LIST_NAMES = {
    "index": "the news list",
    "tags": "the list of tags",
    "archives": "the news archive",
    "search": "the search page",
    "404": "the 'page not found' page",
}


def same_word(first, second):
    """Whether two tags differ only in case (Azerbaijani İ/i and I/ı too)."""

    def turkic(text):
        return text.replace("İ", "i").replace("I", "ı").lower()

    return first.casefold() == second.casefold() or turkic(first) == turkic(second)


class GroupRules:
    def _groups(self):
        """{(namespace, slug): [sources]} of the files with a name."""
        groups = {}
        for source in self.sources:
            if source.slug is not None and source.lang is not None:
                groups.setdefault((source.namespace, source.slug), []).append(source)
        return groups

    def _check_groups(self):
        """Same slug and language twice; translations that disagree."""
        main = self.languages[0]
        for sources in self._groups().values():
            by_lang = {}
            for source in sources:
                first = by_lang.setdefault(source.lang, source)
                if first is not source:
                    self.add(
                        source.path,
                        1,
                        ERROR,
                        f"another file has the same slug '{source.slug}' and "
                        f"language '{source.lang}': content/{first.relative}",
                        "rename one of them: every page needs its own slug",
                    )
            reference = next((s for s in sources if s.lang == main), sources[0])
            for source in sources:
                if source is reference:
                    continue
                if source.kind != reference.kind:
                    self.add(
                        source.path,
                        1,
                        ERROR,
                        f"this {source.kind} has the same slug as the "
                        f"{reference.kind} content/{reference.relative}, so "
                        "they would count as translations of each other",
                        f"move it next to its translations in "
                        f"content/{reference.relative.split('/')[0]}/, or give "
                        "it another slug",
                    )
                else:
                    self._check_shared(source, reference)

    def _check_shared(self, source, reference):
        """Fields shared by a group have one value in every language; an
        address (Save_as, URL) is given in all of them or in none."""
        for key in ("save_as", "url"):
            if (key in source.fields) != (key in reference.fields):
                has, lacks = (
                    (source, reference) if key in source.fields else (reference, source)
                )
                self.add(
                    source.path,
                    source.line_of(key),
                    ERROR,
                    f"'{has.fields[key].name}' is set in content/{has.relative} "
                    f"but not in content/{lacks.relative}",
                    "give every language of the page the same Save_as and URL, or none",
                )
        for key, field in fields_of(source.kind).items():
            if (
                field.translated
                or key not in source.fields
                or key not in reference.fields
            ):
                continue
            mine, theirs = source.values.get(key), reference.values.get(key)
            if mine is None or theirs is None or mine == theirs:
                continue
            found = source.fields[key]
            self.add(
                source.path,
                found.line,
                ERROR,
                f"'{found.name}: {found.value}' differs from "
                f"'{reference.fields[key].value}' in content/{reference.relative}",
                f"{field.name} is the same in every language: correct one of them",
            )

    def _check_references(self):
        """Training:, News: … name an existing item of the right kind."""
        existing = {}
        for source in self.sources:
            if source.slug and source.readable:
                existing.setdefault((source.kind, source.slug), []).append(source)
        for source in self.sources:
            for key, field in fields_of(source.kind).items():
                slug = source.values.get(key) if field.type == "reference" else None
                if not slug:
                    continue
                found = source.fields[key]
                targets = existing.get((field.ref, slug))
                folder = KINDS[field.ref]["folder"]
                if not targets:
                    self.add(
                        source.path,
                        found.line,
                        ERROR,
                        f"'{found.name}: {slug}' names no {KINDS[field.ref]['label'].lower()}",
                        f"use the slug of a file in content/{folder}/ (its name "
                        "without the language and .md)",
                    )
                elif source.status != "draft" and all(
                    t.status == "draft" for t in targets
                ):
                    self.add(
                        source.path,
                        found.line,
                        ERROR,
                        f"'{found.name}: {slug}' names a draft, so the link would "
                        "be missing on the published site",
                        "publish it first, or delete the line for now",
                    )

    def _check_attachments(self):
        """{attach} moves a file next to one page; two pages cannot share it."""
        for uses in self.attachments.values():
            owners = {(source.namespace, source.slug) for source, _ in uses}
            if len(owners) < 2:
                continue
            first = uses[0][0]
            for source, line in uses:
                if (source.namespace, source.slug) != (first.namespace, first.slug):
                    self.add(
                        source.path,
                        line,
                        ERROR,
                        "{attach} would move this file to the folder of "
                        f"content/{first.relative}, which uses it too",
                        "use {static} instead of {attach} for a file that "
                        "several pages link to",
                    )

    # --- addresses ---------------------------------------------------------

    def _url_of(self, source):
        """This file's URL inside its language folder."""
        if "url" in source.fields:
            return source.values.get("url") or ""
        collection = self.settings.get("SITE_COLLECTIONS", {}).get(
            source.relative.split("/", 1)[0]
        )
        if collection:
            return collection["url"].format(slug=source.slug)
        pattern = (
            self.settings["ARTICLE_URL"]
            if source.kind == "post"
            else self.settings["PAGE_URL"]
        )
        return pattern.format(
            slug=source.slug,
            lang=source.lang,
            category=source.values.get("category") or "",
        )

    def _published(self):
        """Sources the published site shows (in every language, through
        fallbacks)."""
        return [
            s
            for s in self.sources
            if s.slug and s.lang and s.readable and s.status != "draft"
        ]

    def _tag_pages(self):
        """{address: (tag, source, line)} of every tag page, reporting tags
        whose addresses collide."""
        pages = {}
        for source in self._published():
            for tag in source.values.get("tags") or []:
                address = url_path_variants(
                    self.settings["TAG_URL"].format(slug=tag_slug(tag, self.settings))
                )
                other = pages.setdefault(
                    (source.lang, address), (tag, source, source.fields["tags"].line)
                )
                if not same_word(other[0], tag):
                    self.add(
                        source.path,
                        source.fields["tags"].line,
                        ERROR,
                        f"the tags '{other[0]}' (content/{other[1].relative}) and "
                        f"'{tag}' would share one page, /{source.lang}/{address}/",
                        "write the tags so that they differ in letters or digits "
                        "(e.g. 'C sharp'), or use the same tag",
                    )
        return {
            address: f"the page of the tag '{tag}'"
            for (_lang, address), (tag, _s, _l) in pages.items()
        }

    def _generated_paths(self):
        """({address: what}, [(prefix, what)]) the build writes in a language
        folder besides posts and pages."""
        settings = self.settings
        exact = {}
        for name in settings.get("DIRECT_TEMPLATES", []):
            save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            if save_as:
                exact[url_path_variants(save_as)] = LIST_NAMES.get(
                    name, f"the '{name}' page"
                )
        if settings.get("FEED_ATOM"):
            exact[url_path_variants(settings["FEED_ATOM"])] = "the news feed"
        for category in self.categories:
            exact[url_path_variants(settings["CATEGORY_URL"].format(slug=category))] = (
                f"the list of the category '{category}'"
            )
        calendar = settings.get("SITE_EVENTS", {}).get("calendar")
        if calendar:
            exact[url_path_variants(calendar)] = "the events calendar"
        exact["status/translations"] = "the translation status page"
        prefixes = [("drafts/", "the drafts")]
        for key, what in (
            ("TAG_URL", "the tag pages"),
            ("CATEGORY_URL", "the category lists"),
        ):
            base = (settings.get(key) or "").split("{", 1)[0]
            if base:
                prefixes.append((base, what))
        index = url_path_variants(settings.get("INDEX_URL") or "")
        prefixes.append(
            (f"{index}/page/" if index else "page/", "the later pages of the news list")
        )
        prefixes += [
            ("library/type/", "the library's lists by type"),
            ("library/language/", "the library's lists by language"),
        ]
        for folder, config in settings.get("SITE_COLLECTIONS", {}).items():
            label = KINDS.get(config["kind"], {}).get("label", folder).lower()
            prefixes.append((config["url"].split("{", 1)[0], f"the {label} pages"))
        return exact, prefixes

    def _check_outputs(self):
        """No two files, and no file and a generated page, write one address."""
        exact, prefixes = self._generated_paths()
        exact.update(self._tag_pages())
        self.site_addresses = set(exact)
        seen = {}
        # Files with their own URL last, so that they are the ones named.
        for source in sorted(self._published(), key=lambda s: "url" in s.fields):
            url = self._url_of(source)
            address = url_path_variants(url)
            self.site_addresses.add(address)
            line = source.line_of("url")
            taken = exact.get(address)
            if taken is None and "url" in source.fields:
                taken = next(
                    (
                        what
                        for prefix, what in prefixes
                        if (address + "/").startswith(prefix)
                    ),
                    None,
                )
            if taken is not None:
                self.add(
                    source.path,
                    line,
                    ERROR,
                    f"this {source.kind} would be written over {taken} at "
                    f"/{source.lang}/{url}",
                    "give the file another slug"
                    if "url" not in source.fields
                    else "choose another Save_as and URL, or delete both lines",
                )
            # Every language shows every page (as a fallback where it has no
            # translation), so an address is taken in all of them.
            other = seen.get(address)
            if other is not None and other.slug != source.slug:
                self.add(
                    source.path,
                    line,
                    ERROR,
                    f"this {source.kind} would be written to "
                    f"/{source.lang}/{url}, like content/{other.relative}",
                    "change the slug or the Save_as/URL lines of one of them",
                )
            seen.setdefault(address, source)

    def _site_paths(self):
        """Every address (url_path_variants form) inside one language folder."""
        settings = self.settings
        paths = {""} | self.site_addresses
        for name in settings.get("DIRECT_TEMPLATES", []):
            url = settings.get(f"{name.upper()}_URL")
            if url:
                paths.add(url_path_variants(url))
        for key in settings.get("SITE_NAVIGATION", []) + settings.get(
            "SITE_FOOTER_PAGES", []
        ):
            paths.add(url_path_variants(key))
        paths.update(url_path_variants(p) for p in self.options["extra_paths"])
        for source in self._published():
            if source.kind == "event":
                paths.add(
                    f"{url_path_variants(self._url_of(source))}/{source.slug}.ics"
                )
        library = settings.get("SITE_LIBRARY", {}).get("types", [])
        paths.update(f"library/type/{kind}" for kind in library)
        paths.update(f"library/language/{lang}" for lang in self.languages)
        return paths
