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


V1 = {"index.html": "one", "en/index.html": "en one", "theme/site.aaa.css": "css a",
      "media/old.pdf": "old"}
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
    assert ((root / "releases/r1/en/index.html").stat().st_ino
            == (root / "releases/r2/en/index.html").stat().st_ino)


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
    assert served(target, "index.html") == "two"


def test_deploy_refuses_a_missing_build(target, tmp_path):
    with pytest.raises(release.ReleaseError, match="build the site first"):
        release.deploy(target, tmp_path / "nothing")
    assert not (Path(target.dir) / "current").exists()


def test_release_names_sort_in_time_order():
    import datetime
    earlier = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    later = earlier + datetime.timedelta(microseconds=1)
    assert release.release_name(earlier) < release.release_name(later)


def test_command_line_deploy_and_rollback(tmp_path):
    """The interface the Makefile uses (SSH_HOST empty = this machine)."""
    www = tmp_path / "www"
    tool = [sys.executable, str(ROOT / "tools/release.py")]
    for files in (V1, V2):
        site = make_site(tmp_path / f"site-{files['index.html']}", files)
        subprocess.run([*tool, "deploy", str(site), "--host", "", "--dir", str(www)],
                       check=True, capture_output=True)
    assert (www / "current/index.html").read_text() == "two"
    listing = subprocess.run([*tool, "list", "--dir", str(www)], check=True,
                             capture_output=True, text=True).stdout
    assert listing.count("\n") == 2 and listing.rstrip().endswith("<- current")
    subprocess.run([*tool, "rollback", "--host", "local", "--dir", str(www)],
                   check=True, capture_output=True)
    assert (www / "current/index.html").read_text() == "one"


def test_remote_commands_go_through_ssh():
    target = release.Target("deploy@example.org", "/var/www/rtcm", port=2222)
    assert target.ssh_command() == ["ssh", "-p", "2222", "deploy@example.org"]
    assert target.rsync_destination("r1") == "deploy@example.org:/var/www/rtcm/releases/r1/"
