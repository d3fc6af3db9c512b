"""What earlier builds learned about each image, kept in cache/images/.

- `digests.json`: {content path: [size, mtime_ns, inode, ctime_ns, sha256]}.
  A file whose stamp is unchanged is not read again to be hashed.
- `<key[:2]>/<key>/`: the variants of one photo (pipeline.process), where the
  key hashes its content and everything that decides what is made of it;
  `info.json`, written last, says the folder is complete.

`known_size()` lets `make check` skip decoding a photo the pipeline has
already processed in exactly this form: it answered for it once.
"""

import hashlib
import json
import os

from . import pipeline

MEMO = "digests.json"


def cache_folder(settings):
    return os.path.join(
        os.path.dirname(os.path.normpath(settings["CACHE_PATH"])), "images"
    )


def load_json(path):
    try:
        with open(path, encoding="utf-8") as source:
            return json.load(source)
    except (OSError, ValueError):
        return {}


def save_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.replace(temporary, path)


def stamp(stat):
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]


def digest(path, known):
    """[*stamp, sha256] of a file; read only when its stamp differs from
    `known` (the last build's entry)."""
    current = stamp(os.stat(path))
    if known and known[:4] == current:
        return known
    with open(path, "rb") as source:
        return [*current, hashlib.file_digest(source, "sha256").hexdigest()]


def variant_key(content_hash, config):
    """The cache key of a photo's variants."""
    recipe = json.dumps(
        [
            pipeline.VERSION,
            pipeline.ENCODERS,
            config["widths"],
            config["formats"],
            config["card_size"],
        ],
        sort_keys=True,
    )
    return hashlib.sha256(f"{content_hash}\0{recipe}".encode()).hexdigest()


def variant_folder(settings, key):
    return os.path.join(cache_folder(settings), key[:2], key)


_memo = {}  # memo file -> (its mtime_ns, its data), per process


def _digests(settings):
    path = os.path.join(cache_folder(settings), MEMO)
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return {}
    if path not in _memo or _memo[path][0] != mtime:
        _memo[path] = (mtime, load_json(path))
    return _memo[path][1]


def known_size(path, stat, settings, config):
    """(width, height, None) of the image at `path` if the pipeline has
    processed these very bytes with this recipe, else None."""
    relative = os.path.relpath(path, settings["PATH"]).replace(os.sep, "/")
    entry = _digests(settings).get(relative)
    if not entry or entry[:4] != stamp(stat):
        return None
    info = load_json(
        os.path.join(
            variant_folder(settings, variant_key(entry[4], config)), "info.json"
        )
    )
    if "width" not in info:
        return None
    return info["width"], info["height"], None
