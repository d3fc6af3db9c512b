"""`make s3_upload` (tools/s3_deploy.py) against a local S3 server (moto in
server mode on loopback) with files of the published build.

moto answers a request in tens of milliseconds, so the tests deploy a sample
of the build (every kind of file, not every file) to stay fast."""

import gzip
import shutil
import sys
from pathlib import Path

import pytest

from deploy_support import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import s3_deploy  # noqa: E402
from site_assets.site_assets import compress_gzip  # noqa: E402

BUCKET = "rtcm-site"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    assert wait_for_port(port)
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def client(s3_endpoint, monkeypatch):
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    s3.create_bucket(Bucket=BUCKET)
    yield s3
    keys = [{"Key": key} for key in s3_deploy.remote_etags(s3, BUCKET)]
    if keys:
        s3.delete_objects(Bucket=BUCKET, Delete={"Objects": keys})
    s3.delete_bucket(Bucket=BUCKET)


SAMPLE = [
    "index.html",
    "404.html",
    "robots.txt",
    "sitemap.xml",
    "en/index.html",
    "en/about/index.html",
    "ru/about/index.html",
    "en/feeds/atom.xml",
    "pagefind/en/pagefind.js",
]


@pytest.fixture
def output(site, tmp_path):
    """A copy of a sample of the published build (with the .gz/.br twins of
    its files, the whole theme folder, one media file and one Pagefind index
    fragment) that a test may change."""
    files = [
        *SAMPLE,
        *(
            str(p.relative_to(site.output))
            for p in site.output.glob("theme/**/*")
            if p.is_file()
        ),
    ]
    for pattern in ("media/**/*", "pagefind/en/fragment/*"):
        found = sorted(p for p in site.output.glob(pattern) if p.is_file())
        files += [str(found[0].relative_to(site.output))] if found else []
    copy = tmp_path / "output"
    for relative in files:
        for source in (
            site.output / relative,
            site.output / f"{relative}.gz",
            site.output / f"{relative}.br",
        ):
            if source.is_file():
                target = copy / source.relative_to(site.output)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    return copy


def head(client, key):
    return client.head_object(Bucket=BUCKET, Key=key)


def body(client, key):
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_first_deploy_uploads_every_file_but_the_twins(client, output):
    steps = s3_deploy.deploy(output, BUCKET, client=client)
    files = {
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and p.suffix not in (".gz", ".br")
    }
    assert set(s3_deploy.remote_etags(client, BUCKET)) == files
    assert len(steps.upload) == len(files) and not steps.delete
    # Pages go up last.
    kinds = [obj.is_page for obj in steps.upload]
    assert kinds == sorted(kinds)


def test_pages_are_gzip_bytes_with_content_encoding(client, output):
    s3_deploy.deploy(output, BUCKET, client=client)
    meta = head(client, "en/index.html")
    assert meta["ContentType"] == "text/html; charset=utf-8"
    assert meta["ContentEncoding"] == "gzip"
    assert meta["CacheControl"] == "public, max-age=300"
    assert (
        gzip.decompress(body(client, "en/index.html"))
        == (output / "en/index.html").read_bytes()
    )


def test_content_types_and_cache_control(client, output, site):
    s3_deploy.deploy(output, BUCKET, client=client)
    css, js = site.asset("css/site.css"), site.asset("js/search.js")
    expected = {
        css: ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        js: ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        "en/feeds/atom.xml": (
            "application/atom+xml; charset=utf-8",
            "public, max-age=300",
        ),
        "sitemap.xml": ("application/xml; charset=utf-8", "public, max-age=300"),
        "pagefind/en/pagefind.js": (
            "text/javascript; charset=utf-8",
            "public, max-age=300",
        ),
    }
    for key, (content_type, cache) in expected.items():
        meta = head(client, key)
        assert (meta["ContentType"], meta["CacheControl"]) == (content_type, cache), key
    media = sorted(p for p in output.glob("media/**/*") if p.is_file())
    if media:
        key = media[0].relative_to(output).as_posix()
        assert head(client, key)["CacheControl"] == "public, max-age=86400"


def test_small_files_without_twin_are_plain(client, output):
    s3_deploy.deploy(output, BUCKET, client=client)
    small = next(
        p
        for p in sorted(output.rglob("*"))
        if p.is_file()
        and p.suffix in (".txt", ".svg", ".pf_fragment")
        and not Path(f"{p}.gz").exists()
    )
    key = small.relative_to(output).as_posix()
    assert "ContentEncoding" not in head(client, key)
    assert body(client, key) == small.read_bytes()


def test_second_deploy_uploads_only_changes_and_deletes_removed(client, output):
    s3_deploy.deploy(output, BUCKET, client=client)
    again = s3_deploy.deploy(output, BUCKET, client=client)
    assert again.upload == [] and again.delete == []

    # A rebuild that changes one page, adds a file and drops another.
    page = output / "en/about/index.html"
    page.write_text(page.read_text().replace("</main>", "<p>new</p></main>"))
    Path(f"{page}.gz").write_bytes(compress_gzip(page.read_bytes()))
    (output / "media/new-report.txt").parent.mkdir(exist_ok=True)
    (output / "media/new-report.txt").write_text("new")
    removed = output / "ru/about/index.html"
    for file in (removed, Path(f"{removed}.gz"), Path(f"{removed}.br")):
        file.unlink()

    steps = s3_deploy.deploy(output, BUCKET, client=client)
    assert sorted(obj.key for obj in steps.upload) == [
        "en/about/index.html",
        "media/new-report.txt",
    ]
    assert steps.delete == ["ru/about/index.html"]
    keys = s3_deploy.remote_etags(client, BUCKET)
    assert "ru/about/index.html" not in keys and "media/new-report.txt" in keys
    assert b"<p>new</p>" in gzip.decompress(body(client, "en/about/index.html"))


def test_plain_encoding_and_prefix(client, output):
    s3_deploy.deploy(output, BUCKET, prefix="site", client=client, encoding="none")
    meta = head(client, "site/en/index.html")
    assert "ContentEncoding" not in meta
    assert body(client, "site/en/index.html") == (output / "en/index.html").read_bytes()
    # Objects outside the prefix are not the deploy's business.
    client.put_object(Bucket=BUCKET, Key="other/keep.txt", Body=b"x")
    steps = s3_deploy.deploy(
        output, BUCKET, prefix="site/", client=client, encoding="none"
    )
    assert steps.delete == [] and steps.upload == []


def test_dry_run_changes_nothing(client, output):
    steps = s3_deploy.deploy(output, BUCKET, client=client, dry_run=True)
    assert steps.upload and s3_deploy.remote_etags(client, BUCKET) == {}


def test_command_line(client, output, s3_endpoint, capsys):
    assert (
        s3_deploy.main([str(output), "--bucket", BUCKET, "--endpoint-url", s3_endpoint])
        == 0
    )
    assert capsys.readouterr().out.rstrip().endswith("0 unchanged, 0 deleted")
    s3_deploy.main([str(output), "--bucket", BUCKET, "--endpoint-url", s3_endpoint])
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 uploaded,")
