#!/usr/bin/env bash
# Run .ci/run as CI does, on a bare Debian 12 (bookworm) with only python3 and
# make installed: a throw-away chroot made with debootstrap. It proves that
# .ci/run installs every system package the tests need.
#
#   sudo tools/ci_in_debian.sh [commit]     # default: HEAD of this checkout
#
# Needs root, debootstrap and about 4 GB in $WORK (default /tmp/rtcm-bare-ci).
# The checkout is cloned (committed files only), the chroot's mounts are
# undone on exit, and the chroot is left for inspection (delete $WORK after).
# The host's CA bundle is passed on for networks that inspect HTTPS; no other
# setting of the host (pip indexes, proxies) reaches the run.
set -euo pipefail
commit="${1:-HEAD}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${WORK:-/tmp/rtcm-bare-ci}"
root="$work/root"
mirror="${MIRROR:-http://deb.debian.org/debian}"

[ "$(id -u)" -eq 0 ] || { echo "run as root (chroot and mount need it)"; exit 1; }
command -v debootstrap >/dev/null || { echo "apt-get install debootstrap"; exit 1; }
[ ! -e "$root" ] || { echo "$root exists: remove $work first"; exit 1; }

mkdir -p "$work"
debootstrap --variant=minbase bookworm "$root" "$mirror"
# The suites of Debian's own container image (debian:12): updates and security too.
rm -f "$root/etc/apt/sources.list"
cat > "$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: ${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
Suites: bookworm-security
Components: main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$root/usr/local/share/ca-certificates" "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
fi

cleanup() {
  for mount in dev/shm dev/pts dev sys proc; do
    umount "$root/$mount" 2>/dev/null || true
  done
}
trap cleanup EXIT
mount --bind /proc "$root/proc"
mount --bind /sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"  # Chromium needs a real /dev/shm

chroot "$root" /bin/bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends python3 make'
git clone -q "$here" "$root/src"
git -C "$root/src" checkout -q "$commit"
echo "bare Debian 12, python3 and make only; .ci/run at $(git -C "$root/src" rev-parse --short HEAD)"

bundle=/etc/ssl/certs/ca-certificates.crt
time env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  TERM=dumb LANG=C.UTF-8 SSL_CERT_FILE="$bundle" PIP_CERT="$bundle" \
  REQUESTS_CA_BUNDLE="$bundle" CURL_CA_BUNDLE="$bundle" NODE_EXTRA_CA_CERTS="$bundle" \
  GIT_SSL_CAINFO="$bundle" \
  chroot "$root" /bin/bash -lc 'cd /src && CI=true bash .ci/run'
