"""The pinned Decap CMS build: fetched once from the npm registry, verified,
kept in the build cache.

The npm tarball of the version pinned in `SITE_CMS` is downloaded over
HTTPS and checked against the registry's own sha512 integrity string, pinned
beside the version; a tarball that does not match is never unpacked. Only
the files the browser loads are kept (the main script, its lazily loaded
chunks and WebAssembly, and their licence notices), together with a `.gz`
and `.br` of each script, made once per version, so a production build does
not compress 5 MB of JavaScript every time.
"""

import base64
import gzip
import hashlib
import io
import json
import os
import posixpath
import shutil
import tarfile
import urllib.request

TIMEOUT = 60


class VendorError(RuntimeError):
    """The CMS build cannot be fetched or does not match its pin."""


def tarball_url(config):
    name = config["package"]
    base = name.rsplit("/", 1)[-1]
    return f"{config['registry']}/{name}/-/{base}-{config['version']}.tgz"


def check_integrity(data, integrity):
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha512", "sha384", "sha256"):
        raise VendorError(f"unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise VendorError(
            f"the downloaded {algorithm} is {actual}, the pin says {expected}"
        )


def sri(data):
    """The Subresource Integrity value of `data` (for `integrity=`)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def _shipped(member, script):
    """The name under dist/ of a tarball member the browser loads with
    `script` (its chunks, WebAssembly and licence notice), or None. The
    package also holds a second build (cms.js) and source maps."""
    if not member.isfile():
        return None
    folder, name = posixpath.split(posixpath.normpath(member.name))
    if folder != "package/dist":
        return None
    if name in (script, script + ".LICENSE.txt") or name.endswith(
        ("." + script, ".wasm")
    ):
        return name
    return None


def unpack(data, target, script):
    """Write the shipped files of the tarball `data` into `target`."""
    os.makedirs(target, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            name = _shipped(member, script)
            if name is None:
                continue
            content = archive.extractfile(member).read()
            with open(os.path.join(target, name), "wb") as out:
                out.write(content)
            if name.endswith(".js"):
                with open(os.path.join(target, name + ".gz"), "wb") as out:
                    out.write(gzip.compress(content, compresslevel=9, mtime=0))
                import brotli

                with open(os.path.join(target, name + ".br"), "wb") as out:
                    out.write(brotli.compress(content, quality=11))


def cache_root():
    """Shared by every checkout and test build of this machine (the files are
    verified on every use): $XDG_CACHE_HOME or ~/.cache, rtcm-website/."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return os.path.join(base, "rtcm-website")


def _intact(folder, integrity):
    """True if `folder` holds the build of `integrity`, every file unchanged
    since it was unpacked."""
    manifest = os.path.join(folder, "manifest.json")
    if not os.path.isfile(manifest):
        return False
    with open(manifest, encoding="utf-8") as handle:
        recorded = json.load(handle)
    if recorded.get("integrity") != integrity or not recorded.get("files"):
        return False
    for name, digest in recorded["files"].items():
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            return False
        with open(path, "rb") as handle:
            if sri(handle.read()) != digest:
                return False
    return True


def bundle_dir(config, root=None):
    """The folder holding the verified build, fetched if it is not there yet
    or no longer intact."""
    folder = os.path.join(
        root or cache_root(),
        "vendor",
        f"{config['package'].replace('/', '+')}-{config['version']}",
    )
    if _intact(folder, config["integrity"]):
        return folder
    url = tarball_url(config)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            data = response.read()
    except OSError as error:
        raise VendorError(f"cannot download {url}: {error}") from error
    check_integrity(data, config["integrity"])
    staging = f"{folder}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    unpack(data, staging, config["script"])
    if not os.path.isfile(os.path.join(staging, config["script"])):
        raise VendorError(f"{url} has no dist/{config['script']}")
    files = {}
    for name in sorted(os.listdir(staging)):
        with open(os.path.join(staging, name), "rb") as handle:
            files[name] = sri(handle.read())
    with open(os.path.join(staging, "manifest.json"), "w", encoding="utf-8") as out:
        json.dump(
            {"url": url, "integrity": config["integrity"], "files": files},
            out,
            indent=1,
        )
    shutil.rmtree(folder, ignore_errors=True)
    try:
        os.replace(staging, folder)
    except OSError:  # another build unpacked it at the same moment
        shutil.rmtree(staging, ignore_errors=True)
        if not _intact(folder, config["integrity"]):
            raise
    return folder
