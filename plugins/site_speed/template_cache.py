"""Template cache: compiled templates are shared by every Jinja environment
(one per generator per language site) and kept on disk in
cache/site_speed/jinja/; within a build, a loaded template is not checked
again for changes, and each environment translates a message without
variables once. The Jinja and i18n_subsites internals this relies on are
listed in patches.py.
"""

import hashlib
import os

import jinja2
from jinja2 import FileSystemBytecodeCache

from . import patches, state
from .config import cache_root, speed_settings


class SharedBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates shared by every environment and kept on disk.

    The i18n extension compiles differently with new-style gettext, so that
    flag is part of the key; Jinja checks the source checksum itself.
    """

    def __init__(self, directory):
        super().__init__(directory)
        self._memory = {}

    def get_bucket(self, environment, name, filename, source):
        key = hashlib.sha1(
            f"{name}|{filename}|{environment.newstyle_gettext}|"
            f"{sorted(environment.extensions)}".encode()
        ).hexdigest()
        checksum = self.get_source_checksum(source)
        bucket = jinja2.bccache.Bucket(environment, key, checksum)
        if key in self._memory:
            bucket.bytecode_from_string(self._memory[key])
            if bucket.code is not None:
                return bucket
            bucket.reset()
        self.load_bytecode(bucket)
        return bucket

    def set_bucket(self, bucket):
        self._memory[bucket.key] = bucket.bytecode_to_string()
        self.dump_bytecode(bucket)


def share_templates(generator):
    """generator_init: the environment uses the one bytecode cache."""
    if not speed_settings(generator.settings)["template_cache"]:
        return
    build = state.current()
    if build.bytecode_cache is None:
        folder = os.path.join(cache_root(generator.settings), "site_speed", "jinja")
        os.makedirs(folder, exist_ok=True)
        build.bytecode_cache = SharedBytecodeCache(folder)
    patches.share_compiled_templates(generator.env, build.bytecode_cache)


def memoize_gettext(generator):
    """Jinja's new-style gettext looks the message up, marks it safe and
    formats it at every call: some 25 calls a page, for a few dozen
    messages. Without variables the result depends on the message alone,
    so each environment keeps it. Called when the generator starts writing:
    i18n_subsites installs the translations just before."""
    env = getattr(generator, "env", None)
    if env is None or not speed_settings(generator.settings)["template_cache"]:
        return
    gettext = env.globals.get("gettext")
    if (
        gettext is None
        or not getattr(env, "newstyle_gettext", False)
        or hasattr(gettext, "memo")
    ):
        return
    patches.replace_gettext(env, _memo_gettext)


def _memo_gettext(gettext):
    @jinja2.pass_context
    def memo_gettext(context, message, /, **variables):
        # Positional-only, as in Jinja: `message=` may be a variable. With
        # autoescape off the stock result is not Markup: not kept.
        if variables or not context.eval_ctx.autoescape:
            return gettext(context, message, **variables)
        if message not in memo_gettext.memo:
            memo_gettext.memo[message] = gettext(context, message)
        return memo_gettext.memo[message]

    memo_gettext.memo = {}
    return memo_gettext
