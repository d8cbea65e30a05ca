#!/usr/bin/env bash
# Builds a minimal Debian bookworm base image from Debian's packages (debootstrap), for machines
# that reach Debian's archive but no container registry. Idempotent: does nothing when the image
# exists. Installs debootstrap with apt-get when it is missing (as root).
#   bash scripts/images/debian-base.sh [image-name]       default: tradeforge-local/debian:bookworm
set -euo pipefail
image="${1:-tradeforge-local/debian:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image exists" >&2
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "Installing debootstrap from Debian" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
work=$(mktemp -d /tmp/debian-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "Building $image with debootstrap (minbase, bookworm) from $mirror" >&2
if ! debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -20 "$work/debootstrap.log" >&2
  exit 1
fi
tar -C "$work/rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
echo "$image built" >&2
