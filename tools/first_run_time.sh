#!/usr/bin/env bash
# The first run as a new engineer meets it: seconds from `git clone` to the
# first page that `make serve` answers, with an empty pip cache, so that every
# package is downloaded.
#
#   tools/first_run_time.sh [SOURCE] [COMMIT] [PORT]
#
# SOURCE: the repository to clone (default: this checkout); COMMIT: what to
# check out (default: HEAD of SOURCE); PORT: where to serve (default 8765;
# nothing may answer there yet). Prints the seconds of the clone, of .venv
# (created and installed), of the build (check, build, link check, the
# server's start) and the total. Everything happens in a temporary folder,
# removed at the end. The pip settings of the machine apply (an index mirror
# makes the downloads faster than a new machine's).
set -euo pipefail

source=${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}
commit=$(git -C "$source" rev-parse --verify "${2:-HEAD}^{commit}")
port=${3:-8765}
url="http://127.0.0.1:$port/"

answers() {  # the HTTP status of $url, or 000 when nothing answers
  python3 -c 'import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as error:
    print(error.code)
except OSError:
    print("000")' "$url"
}
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%7.1f s", b - a }'; }

if [ "$(answers)" != 000 ]; then
  echo "something already answers on $url: pick another PORT" >&2
  exit 2
fi

work=$(mktemp -d)
server=
cleanup() {
  # make, its server and its pip run have their own process group.
  if [ -n "$server" ]; then kill -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start=$(now)
git clone --quiet "$source" "$work/site"
git -C "$work/site" checkout --quiet "$commit"
cloned=$(now)

# A fresh pip cache: nothing is reused from an earlier install.
mkdir "$work/pip-cache"
(cd "$work/site" && PIP_CACHE_DIR="$work/pip-cache" exec setsid make serve PORT="$port") \
  >"$work/make.log" 2>&1 &
server=$!

installed=
status=000
while [ "$status" != 200 ]; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "make serve stopped before serving a page; its last lines:" >&2
    tail -n 30 "$work/make.log" >&2
    exit 1
  fi
  sleep 0.2
  if [ -z "$installed" ] && [ -e "$work/site/.venv/.installed" ]; then installed=$(now); fi
  status=$(answers)
done
served=$(now)

echo "commit         $(git -C "$work/site" rev-parse --short HEAD)"
echo "clone          $(seconds "$start" "$cloned")"
echo "venv + install $(seconds "$cloned" "$installed")"
echo "build + serve  $(seconds "$installed" "$served")"
echo "total          $(seconds "$start" "$served")"
echo ".venv          $(du -sh "$work/site/.venv" | cut -f1)"
