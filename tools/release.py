"""Atomic releases of the built site on a host reached by SSH (or locally).

    release.py deploy OUTPUT --host HOST --dir DIR [--keep N]
    release.py rollback --host HOST --dir DIR [--to RELEASE]
    release.py list --host HOST --dir DIR

On the host, DIR holds

    releases/20260101T120000Z/   one complete copy of the site per deploy
    current -> releases/...      the symlink the web server's root points at

`deploy` copies the newest release with hard links (`cp -al`, so unchanged
files cost no space), rsyncs OUTPUT into the copy (only changed files travel;
rsync writes each changed file under a new name, so the hard-linked file of
the old release is never modified), then replaces `current` with one
rename(2) of a new symlink: readers see the old site or the new one, never a
half-uploaded mix. The newest KEEP releases are kept (and always the current
one); `rollback` points `current` at the release before it.

rsync runs without --times: with it, every unchanged file (rebuilt, so newer
on this side) would get the new time set on its inode, which the previous
release shares. Unchanged files keep their time, so the web server's
ETag/Last-Modified stay and revalidations get 304; a changed file gets the
time of the upload.

The fingerprinted theme files of the previous release's own build (names
with a content hash, cached for a year) stay in the new release as hard
links: a page of the previous release, still open or served from a cache
for its five minutes, then still gets its stylesheet and scripts instead of
a 404. The release after that drops them. Each release's own list is kept
beside it, in releases/.<name>.assets (outside the web root).

HOST "" or "local" works on DIR on this machine with the same commands and
no SSH (the tests use that). A remote host needs a POSIX shell, GNU
coreutils (`mv -T`, `cp -al`) and rsync; the deploying machine needs ssh and
rsync.
"""

import argparse
import datetime
import re
import shlex
import subprocess
import sys
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
# Names with a content hash (plugins/site_assets) and their .gz/.br twins:
# the files deploy/nginx.conf lets browsers cache for a year.
FINGERPRINTED = re.compile(r"^theme/.+\.[0-9a-f]{10}\.[a-z0-9]+(\.gz|\.br)?$")


class ReleaseError(Exception):
    pass


class Target:
    """A release directory on a host; runs POSIX shell snippets there."""

    def __init__(self, host, directory, port=None):
        if not directory:
            raise ReleaseError("no target directory (SSH_TARGET_DIR) given")
        self.host = "" if host in ("", "local", None) else host
        self.dir = directory.rstrip("/") or "/"
        self.port = port

    @property
    def is_local(self):
        return not self.host

    def ssh_command(self):
        return ["ssh", *(["-p", str(self.port)] if self.port else []), self.host]

    def sh(self, script):
        """Run `script` with `sh -e` in the target directory; returns stdout."""
        quoted = shlex.quote(self.dir)
        script = f"set -eu\nmkdir -p {quoted}\ncd {quoted}\n{script}"
        if self.is_local:
            command = ["sh", "-c", script]
        else:
            command = [*self.ssh_command(), "sh -c " + shlex.quote(script)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ReleaseError(
                f"command failed on {self.host or 'local'}:"
                f"\n{script}\n{result.stderr.strip()}"
            )
        return result.stdout

    def rsync_destination(self, release):
        path = f"{self.dir}/{RELEASES}/{release}/"
        return path if self.is_local else f"{self.host}:{path}"

    def releases(self):
        out = self.sh(f"mkdir -p {RELEASES}\nls -1 {RELEASES}")
        return sorted(line for line in out.splitlines() if line)

    def current(self):
        """Name of the release `current` points at, or None."""
        out = self.sh(f"if [ -L {CURRENT} ]; then readlink {CURRENT}; fi").strip()
        return out.rsplit("/", 1)[-1] or None

    def activate(self, release):
        """Point `current` at `release` with one atomic rename."""
        path = shlex.quote(f"{RELEASES}/{release}")
        self.sh(
            f"test -d {path}\nln -sfn {path} {CURRENT}.new\n"
            f"mv -Tf {CURRENT}.new {CURRENT}"
        )


def release_name(now=None):
    """UTC timestamp; names sort in deploy order."""
    now = now or datetime.datetime.now(datetime.UTC)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def deploy(target, output, keep=5, name=None):
    """Upload `output` as a new release, switch to it, prune; returns its name."""
    output = Path(output)
    if not (output / "index.html").is_file():
        raise ReleaseError(f"{output}/index.html missing: build the site first")
    if keep < 2:
        raise ReleaseError("keep at least 2 releases, or rollback has nowhere to go")
    name = name or release_name()
    existing = target.releases()
    if name in existing:
        raise ReleaseError(f"release {name} exists already")
    base = target.current()
    new = shlex.quote(f"{RELEASES}/{name}")
    if base in existing:
        target.sh(f"cp -al {shlex.quote(f'{RELEASES}/{base}')} {new}")
    else:
        base = None
        target.sh(f"mkdir {new}")
    rsync = ["rsync", "-rlp", "--checksum", "--delete", "--chmod=D755,F644"]
    if not target.is_local:
        rsync += ["-z", "-e", shlex.join(target.ssh_command()[:-1])]
    result = subprocess.run(
        [*rsync, f"{output}/", target.rsync_destination(name)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        if result.returncode != 0:
            raise ReleaseError(f"rsync failed:\n{result.stderr.strip()}")
        keep_previous_assets(target, base, name, fingerprinted_files(output))
    except ReleaseError:
        target.sh(f"rm -rf {new}")
        raise
    target.activate(name)
    prune(target, keep)
    return name


def fingerprinted_files(folder):
    """Sorted paths (relative, with /) of the fingerprinted files in `folder`."""
    folder = Path(folder)
    return sorted(
        relative
        for relative in (
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*")
            if path.is_file()
        )
        if FINGERPRINTED.match(relative)
    )


def assets_list(release):
    return f"{RELEASES}/.{release}.assets"


def keep_previous_assets(target, base, name, own):
    """Hard-link into release `name` the fingerprinted files of `base`'s own
    build that `own` (the new build's) lacks, and record `own` for the next
    deploy."""
    carried = []
    if base is not None:
        listing = target.sh(
            f"if [ -f {shlex.quote(assets_list(base))} ]; then "
            f"cat {shlex.quote(assets_list(base))}; "
            # A release made before these lists: all its theme files are its own.
            f"else cd {shlex.quote(f'{RELEASES}/{base}')} && "
            f"find theme -type f 2>/dev/null || true; fi"
        )
        wanted = set(own)
        carried = [
            path
            for path in sorted(set(listing.splitlines()))
            if FINGERPRINTED.match(path) and path not in wanted
        ]
    lines = []
    for path in carried:
        source = shlex.quote(f"{RELEASES}/{base}/{path}")
        copy = shlex.quote(f"{RELEASES}/{name}/{path}")
        parent = shlex.quote(f"{RELEASES}/{name}/{path.rsplit('/', 1)[0]}")
        lines.append(
            f"if [ -f {source} ]; then mkdir -p {parent} && ln -f {source} {copy}; fi"
        )
    manifest = shlex.quote(assets_list(name))
    lines.append(
        f"printf '%s\\n' {' '.join(shlex.quote(p) for p in own)} "
        f"> {manifest}.new && mv -f {manifest}.new {manifest}"
    )
    target.sh("\n".join(lines))
    return carried


def prune(target, keep):
    """Delete all but the newest `keep` releases, never the current one."""
    releases = target.releases()
    current = target.current()
    old = [r for r in releases[:-keep] if r != current]
    if old:
        target.sh(
            "rm -rf "
            + " ".join(
                shlex.quote(path)
                for r in old
                for path in (f"{RELEASES}/{r}", assets_list(r))
            )
        )
    return old


def rollback(target, to=None):
    """Point `current` at `to`, or at the release before the current one."""
    releases = target.releases()
    current = target.current()
    if to is None:
        if current not in releases or releases.index(current) == 0:
            raise ReleaseError(
                f"no release before {current!r} to roll back to "
                f"(releases: {', '.join(releases) or 'none'})"
            )
        to = releases[releases.index(current) - 1]
    elif to not in releases:
        raise ReleaseError(f"no release {to!r} (releases: {', '.join(releases)})")
    target.activate(to)
    return to


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["deploy", "rollback", "list"])
    parser.add_argument(
        "output",
        nargs="?",
        default="output",
        help="the built site (deploy only; default: output)",
    )
    parser.add_argument("--host", default="", help='user@host, or "" / "local"')
    parser.add_argument("--port", type=int, default=None, help="SSH port")
    parser.add_argument("--dir", required=True, help="release directory on the host")
    parser.add_argument("--keep", type=int, default=5, help="releases to keep")
    parser.add_argument("--to", default=None, help="release to roll back to")
    args = parser.parse_args(argv)
    try:
        target = Target(args.host, args.dir, args.port)
        if args.command == "deploy":
            name = deploy(target, args.output, args.keep)
            print(f"deployed release {name}; {target.dir}/{CURRENT} points at it")
        elif args.command == "rollback":
            name = rollback(target, args.to)
            print(f"rolled back: {target.dir}/{CURRENT} points at {name}")
        else:
            current = target.current()
            for name in target.releases():
                print(f"{name}{'  <- current' if name == current else ''}")
    except ReleaseError as error:
        print(f"release.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
