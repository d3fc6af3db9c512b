"""`make rsync_upload` / `make rollback` (tools/release.py) against a local
directory: the same shell commands and rsync call as over SSH, no network."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploy_support import require_program

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import release  # noqa: E402


@pytest.fixture(autouse=True)
def _rsync():
    require_program("rsync", "install it with `apt-get install rsync`")


def make_site(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


V1 = {
    "index.html": "one",
    "en/index.html": "en one",
    "theme/site.aaa.css": "css a",
    "media/old.pdf": "old",
}
V2 = {"index.html": "two", "en/index.html": "en one", "theme/site.bbb.css": "css b"}


@pytest.fixture
def target(tmp_path):
    return release.Target("local", str(tmp_path / "www"))


def served(target, relative):
    """What a web server with root = <dir>/current would send."""
    return (Path(target.dir) / "current" / relative).read_text()


def deploy(target, tmp_path, files, name, keep=5):
    site = make_site(tmp_path / f"build-{name}", files)
    return release.deploy(target, site, keep=keep, name=name)


def test_first_deploy_creates_a_release_and_the_current_symlink(target, tmp_path):
    deploy(target, tmp_path, V1, "r1")
    current = Path(target.dir) / "current"
    assert current.is_symlink()
    assert os.readlink(current) == "releases/r1"  # relative: the tree can move
    assert served(target, "index.html") == "one"
    assert target.releases() == ["r1"]
    assert not (Path(target.dir) / "current.new").exists()


def test_second_deploy_switches_and_leaves_the_old_release_intact(target, tmp_path):
    deploy(target, tmp_path, V1, "r1")
    deploy(target, tmp_path, V2, "r2")
    root = Path(target.dir)
    assert os.readlink(root / "current") == "releases/r2"
    assert served(target, "index.html") == "two"
    assert not (root / "current/media/old.pdf").exists()  # removed files go
    assert not (root / "current/theme/site.aaa.css").exists()
    # The previous release is untouched, although it shared hard links.
    assert (root / "releases/r1/index.html").read_text() == "one"
    assert (root / "releases/r1/media/old.pdf").read_text() == "old"
    # Unchanged files are hard links, not copies.
    assert (root / "releases/r1/en/index.html").stat().st_ino == (
        root / "releases/r2/en/index.html"
    ).stat().st_ino


def snapshot(folder):
    """{relative path: (bytes, mtime in ns, mode)} of every file under `folder`."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            info = path.stat()
            found[str(path.relative_to(folder))] = (
                path.read_bytes(),
                info.st_mtime_ns,
                info.st_mode,
            )
    return found


def test_a_deploy_never_touches_the_previous_release(target, tmp_path):
    deploy(target, tmp_path, V1, "r1")
    r1 = Path(target.dir) / "releases/r1"
    before = snapshot(r1)
    # The next build writes every file again: unchanged ones get a new time.
    site = make_site(tmp_path / "build-r2", V2)
    later = before["en/index.html"][1] + 3_600 * 10**9
    for path in site.rglob("*"):
        os.utime(path, ns=(later, later))
    release.deploy(target, site, name="r2")
    assert snapshot(r1) == before
    # So the server's ETag and Last-Modified of an unchanged file stay, and
    # a browser's revalidation gets 304; a changed file has a new time.
    r2 = Path(target.dir) / "releases/r2"
    assert (r2 / "en/index.html").stat().st_mtime_ns == before["en/index.html"][1]
    assert (r2 / "index.html").stat().st_mtime_ns != before["index.html"][1]


ASSETS = {
    "a": "theme/css/site.aaaaaaaaaa.css",
    "b": "theme/css/site.bbbbbbbbbb.css",
    "c": "theme/css/site.cccccccccc.css",
}


def styled(version):
    """A build whose pages use the stylesheet `version`, with its .gz twin."""
    return {
        "index.html": f"page {version}",
        "en/index.html": f"en {version}",
        ASSETS[version]: f"css {version}",
        ASSETS[version] + ".gz": f"gz {version}",
        f"theme/js/search.{version * 10}.js": f"js {version}",
    }


def test_previous_release_assets_stay_one_release_longer(target, tmp_path):
    deploy(target, tmp_path, styled("a"), "r1")
    deploy(target, tmp_path, styled("b"), "r2")
    # A page of r1, opened or cached before the switch, still gets its
    # stylesheet, script and their compressed twins from `current`.
    assert served(target, ASSETS["a"]) == "css a"
    assert served(target, ASSETS["a"] + ".gz") == "gz a"
    assert served(target, "theme/js/search.aaaaaaaaaa.js") == "js a"
    assert served(target, ASSETS["b"]) == "css b"
    assert served(target, "index.html") == "page b"
    root = Path(target.dir)
    assert (root / "releases/r1" / ASSETS["a"]).stat().st_ino == (
        root / "releases/r2" / ASSETS["a"]
    ).stat().st_ino  # a link, no copy
    # The next deploy drops them: only the previous release's own files stay.
    deploy(target, tmp_path, styled("c"), "r3")
    assert not (root / "current" / ASSETS["a"]).exists()
    assert not (root / "current/theme/js/search.aaaaaaaaaa.js").exists()
    assert served(target, ASSETS["b"]) == "css b"
    assert served(target, ASSETS["c"]) == "css c"


def test_a_redeploy_of_the_same_build_keeps_its_assets(target, tmp_path):
    deploy(target, tmp_path, styled("a"), "r1")
    deploy(target, tmp_path, styled("a"), "r2")
    deploy(target, tmp_path, styled("b"), "r3")
    assert served(target, ASSETS["a"]) == "css a"


def test_release_files_are_readable_by_the_web_server(target, tmp_path):
    site = make_site(tmp_path / "private", V1)
    os.chmod(site / "index.html", 0o600)
    release.deploy(target, site, name="r1")
    assert (Path(target.dir) / "current/index.html").stat().st_mode & 0o777 == 0o644
    assert (Path(target.dir) / "current/en").stat().st_mode & 0o777 == 0o755


def test_rollback_points_current_at_the_previous_release(target, tmp_path):
    deploy(target, tmp_path, V1, "r1")
    deploy(target, tmp_path, V2, "r2")
    assert release.rollback(target) == "r1"
    assert served(target, "index.html") == "one"
    assert target.releases() == ["r1", "r2"]  # r2 stays for a roll forward
    with pytest.raises(release.ReleaseError, match="no release before"):
        release.rollback(target)
    assert release.rollback(target, to="r2") == "r2"
    assert served(target, "index.html") == "two"


def test_old_releases_are_pruned_but_never_the_current_one(target, tmp_path):
    for name in ["r1", "r2", "r3", "r4"]:
        deploy(target, tmp_path, {**V1, "index.html": name}, name, keep=2)
    assert target.releases() == ["r3", "r4"]
    release.rollback(target)  # current = r3
    deploy(target, tmp_path, V2, "r5", keep=2)
    assert target.releases() == ["r4", "r5"]
    # Each release's list of its own fingerprinted files goes with it.
    assert sorted(os.listdir(Path(target.dir) / "releases")) == [
        ".r4.assets",
        ".r5.assets",
        "r4",
        "r5",
    ]
    assert served(target, "index.html") == "two"


def test_deploy_refuses_a_missing_build(target, tmp_path):
    with pytest.raises(release.ReleaseError, match="build the site first"):
        release.deploy(target, tmp_path / "nothing")
    assert not (Path(target.dir) / "current").exists()


def test_release_names_sort_in_time_order():
    import datetime

    earlier = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    later = earlier + datetime.timedelta(microseconds=1)
    assert release.release_name(earlier) < release.release_name(later)


def test_command_line_deploy_and_rollback(tmp_path):
    """The interface the Makefile uses (SSH_HOST empty = this machine)."""
    www = tmp_path / "www"
    tool = [sys.executable, str(ROOT / "tools/release.py")]
    for files in (V1, V2):
        site = make_site(tmp_path / f"site-{files['index.html']}", files)
        subprocess.run(
            [*tool, "deploy", str(site), "--host", "", "--dir", str(www)],
            check=True,
            capture_output=True,
        )
    assert (www / "current/index.html").read_text() == "two"
    listing = subprocess.run(
        [*tool, "list", "--dir", str(www)], check=True, capture_output=True, text=True
    ).stdout
    assert listing.count("\n") == 2 and listing.rstrip().endswith("<- current")
    subprocess.run(
        [*tool, "rollback", "--host", "local", "--dir", str(www)],
        check=True,
        capture_output=True,
    )
    assert (www / "current/index.html").read_text() == "one"


def test_remote_commands_go_through_ssh():
    target = release.Target("deploy@example.org", "/var/www/rtcm", port=2222)
    assert target.ssh_command() == ["ssh", "-p", "2222", "deploy@example.org"]
    assert (
        target.rsync_destination("r1")
        == "deploy@example.org:/var/www/rtcm/releases/r1/"
    )
