"""Sync the built site to S3 or any S3-compatible object store.

    s3_deploy.py OUTPUT --bucket NAME [--prefix P] [--endpoint-url URL]
                 [--encoding gzip|none] [--force] [--dry-run]

Each file becomes one object with the headers a web server would send:

- Content-Type from the file type (text types with `charset=utf-8`; Atom
  feeds `application/atom+xml`);
- Cache-Control: a year and `immutable` for fingerprinted theme files
  (`/theme/…/site.<10 hex>.css`), a day for /media/, five minutes for
  everything else (pages, feeds, sitemap, the search bundle);
- Content-Encoding: object stores send an object as it is and cannot choose
  between variants by Accept-Encoding. With `--encoding gzip` (the default)
  a file that has a `.gz` twin from the build is uploaded as those gzip
  bytes under the plain name with `Content-Encoding: gzip`: every browser
  and crawler accepts gzip, but a client that sends no Accept-Encoding gets
  gzip anyway, and brotli (`.br`) is not used. `--encoding none` uploads the
  plain bytes and leaves compression to a CDN in front. The `.gz`/`.br`
  twins themselves are never uploaded.

Only what changed travels: the MD5 of each body is compared with the ETag of
the object in the bucket (an ETag is the MD5 of a single-part upload, which
every object here is). Objects under the prefix that the build no longer
has are deleted. Assets go up first and pages last, deletions at the end,
so a page never points at a file that is not there yet. A change of headers
alone is not seen: deploy with `--force` after changing the rules here.

Credentials and region come from the usual AWS variables
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION) or profile.
"""

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

TWINS = (".gz", ".br")
FINGERPRINTED = re.compile(r"^theme/.+\.[0-9a-f]{10}\.[a-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
MEDIA = "public, max-age=86400"
SHORT = "public, max-age=300"

CONTENT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
    ".ics": "text/calendar",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TEXT = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
    "application/manifest+json",
)


@dataclass
class LocalObject:
    key: str
    path: Path
    body: bytes
    content_type: str
    cache_control: str
    content_encoding: str | None

    @property
    def md5(self):
        return hashlib.md5(self.body).hexdigest()  # noqa: S324 - S3's ETag

    @property
    def is_page(self):
        return self.content_type.startswith("text/html")


def content_type(relative):
    suffix = Path(relative).suffix.lower()
    if suffix == ".xml" and "/feeds/" in f"/{relative}":
        kind = "application/atom+xml"
    else:
        kind = CONTENT_TYPES.get(suffix, "application/octet-stream")
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT) else kind


def cache_control(relative):
    if FINGERPRINTED.match(relative):
        return IMMUTABLE
    if relative.startswith("media/"):
        return MEDIA
    return SHORT


def local_objects(output, prefix="", encoding="gzip"):
    """The objects the bucket should hold, keyed by object key."""
    output = Path(output)
    objects = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file() or path.suffix in TWINS:
            continue
        relative = path.relative_to(output).as_posix()
        twin = Path(f"{path}.gz")
        if encoding == "gzip" and twin.is_file():
            body, content_encoding = twin.read_bytes(), "gzip"
        else:
            body, content_encoding = path.read_bytes(), None
        key = prefix + relative
        objects[key] = LocalObject(
            key,
            path,
            body,
            content_type(relative),
            cache_control(relative),
            content_encoding,
        )
    return objects


def remote_etags(client, bucket, prefix=""):
    etags = {}
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix
    ):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags


@dataclass
class Plan:
    upload: list
    delete: list
    unchanged: int


def plan(local, remote, force=False):
    changed = [obj for key, obj in local.items() if force or remote.get(key) != obj.md5]
    # Assets before pages: a new page never links a file not yet uploaded.
    changed.sort(key=lambda obj: (obj.is_page, obj.key))
    delete = sorted(set(remote) - set(local))
    return Plan(changed, delete, len(local) - len(changed))


def apply(client, bucket, steps):
    for obj in steps.upload:
        extra = {"ContentType": obj.content_type, "CacheControl": obj.cache_control}
        if obj.content_encoding:
            extra["ContentEncoding"] = obj.content_encoding
        client.put_object(
            Bucket=bucket,
            Key=obj.key,
            Body=obj.body,
            ContentMD5=_base64_md5(obj.body),
            **extra,
        )
    for start in range(0, len(steps.delete), 1000):
        batch = steps.delete[start : start + 1000]
        client.delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True},
        )


def _base64_md5(body):
    import base64

    return base64.b64encode(hashlib.md5(body).digest()).decode()  # noqa: S324


def make_client(endpoint_url=None):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint_url or None)


def deploy(
    output, bucket, prefix="", client=None, encoding="gzip", force=False, dry_run=False
):
    """Sync `output` to the bucket; returns the Plan that was carried out."""
    if not (Path(output) / "index.html").is_file():
        raise SystemExit(
            f"s3_deploy: {output}/index.html missing: build the site first"
        )
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    local = local_objects(output, prefix, encoding)
    steps = plan(local, remote_etags(client, bucket, prefix), force)
    if not dry_run:
        apply(client, bucket, steps)
    return steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", default="")
    parser.add_argument(
        "--endpoint-url", default="", help="S3-compatible endpoint (default: AWS)"
    )
    parser.add_argument("--encoding", choices=["gzip", "none"], default="gzip")
    parser.add_argument("--force", action="store_true", help="upload every object")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if not args.bucket:
        parser.error("no bucket: set S3_BUCKET")
    steps = deploy(
        args.output,
        args.bucket,
        args.prefix,
        make_client(args.endpoint_url),
        args.encoding,
        args.force,
        args.dry_run,
    )
    verb = "would upload" if args.dry_run else "uploaded"
    for obj in steps.upload:
        print(f"{verb} {obj.key}")
    for key in steps.delete:
        print(f"{'would delete' if args.dry_run else 'deleted'} {key}")
    print(
        f"{len(steps.upload)} {verb}, {steps.unchanged} unchanged, "
        f"{len(steps.delete)} deleted"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
