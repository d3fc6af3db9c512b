"""Everything site_speed remembers, in one object: the BuildState.

The main process makes a new BuildState when a build starts (build.start,
at the main site's get_generators) and every handler reaches it one way:
`state.current()`, never a copy kept elsewhere, since the next build
replaces it. The language sites of a build are built one inside the other
in the same process (i18n_subsites), so they all see the same object.

Forked processes inherit it: a worker (shares.fork_workers) is forked at
the main site's first generator, after the build has planned its shares,
loaded the last manifests and computed its key, and it runs the build again
with that state, changing only what is its own (share, share_index,
is_worker, workers, to_fork). The pre-parse pool's processes inherit it too.

A few fields hold caches that stay valid whatever the build (each is keyed
by everything it depends on); renew() hands them on, so that the builds of
`pelican --autoreload` reuse them. Everything else starts empty.
"""

from dataclasses import dataclass, field


@dataclass
class BuildState:
    """What site_speed knows in this build (see the module docstring)."""

    # -- handed on from the previous build of this process ------------------
    # Parse cache in memory: key -> (content html, raw Markdown metadata).
    parsed: dict = field(default_factory=dict)
    # The keys in the cache file as last loaded or saved.
    saved_keys: set = field(default_factory=set)
    # Markdown fingerprint -> a reusable Markdown instance.
    converters: dict = field(default_factory=dict)
    # Processed values of date fields, by text: parsing dates with dateutil
    # is a good part of reading a file, and the same dates recur in every
    # language.
    dates: dict = field(default_factory=dict)
    # Content class -> the same class with RelativePathMemo (parse_cache).
    memo_classes: dict = field(default_factory=dict)
    # Compiled templates shared by every Jinja environment (template_cache).
    bytecode_cache: object = None

    # -- this build's -------------------------------------------------------
    # Parse keys used in this build: what is saved to disk.
    used_keys: set = field(default_factory=set)
    # (absolute source path, Markdown fingerprint) -> the file's parse key,
    # as the pre-parse of this build read it: each language site then needs
    # not read and hash the file again.
    source_keys: dict = field(default_factory=dict)
    # The MarkdownReader of a pre-parse process (parse_cache.preparse).
    pool_reader: object = None
    # Category, tag and author objects of each language site, by field and
    # text: one object per name and site instead of one per file, so each
    # name is slugified once (Pelican slugifies it again for every new
    # object). Keyed by the site's settings, which shape the slug.
    wrappers: dict = field(default_factory=dict)
    # Paths of content files relative to content/, by (PATH, source path).
    # Pelican computes one (two abspath and a relpath) every time it formats
    # a URL or save_as, thousands of times per language site.
    relative_paths: dict = field(default_factory=dict)
    # The build key (fingerprints.build_key); None: no render cache.
    key: str | None = None
    # lang -> fingerprint of this build (fingerprints.language_fingerprints).
    fingerprints: dict = field(default_factory=dict)
    # lang -> render manifest of the last build, for this build.
    manifests: dict = field(default_factory=dict)
    # lang -> {output name: render key and files} written by this build.
    written_manifests: dict = field(default_factory=dict)
    # Output paths written while one list page is rendered; None between.
    collected: list | None = None
    # {lang: (start, end)} this process writes; None: everything.
    share: dict | None = None
    share_index: int = 0  # which of the build's shares that is
    jobs: int = 1  # how many shares (processes) the build has
    is_worker: bool = False
    workers: list = field(default_factory=list)  # [(pid, share)] forked by this process
    to_fork: list = field(default_factory=list)  # [(pelican, share, index)] to fork

    def renew(self):
        """A new state for the next build, with this one's caches."""
        return BuildState(
            parsed=self.parsed,
            saved_keys=self.saved_keys,
            converters=self.converters,
            dates=self.dates,
            memo_classes=self.memo_classes,
            bytecode_cache=self.bytecode_cache,
        )


_current = BuildState()


def current():
    """The BuildState of the build this process runs."""
    return _current


def renew():
    """Start a new build's state (the main process, at the start of a build)."""
    global _current  # noqa: PLW0603 - the one place the state is replaced
    _current = _current.renew()
    return _current
