#!/usr/bin/env bash
# Builds a minimal Debian root file system with debootstrap (variant minbase) and imports it into
# Docker as IMAGE: the base of every local image, made without a container registry.
#
# usage: build-rootfs.sh SUITE IMAGE        e.g. build-rootfs.sh bookworm tradeforge-local/debian:bookworm
# env:   DEBIAN_MIRROR           (default http://deb.debian.org/debian)
#        DEBIAN_SECURITY_MIRROR  (default http://deb.debian.org/debian-security)
# Needs root (debootstrap creates device nodes and chroots); uses sudo when run as a user.
set -euo pipefail
suite=${1:?usage: build-rootfs.sh SUITE IMAGE}
image=${2:?usage: build-rootfs.sh SUITE IMAGE}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n --preserve-env=DEBIAN_MIRROR,DEBIAN_SECURITY_MIRROR,PATH "$0" "$@"
  fi
  echo "building the Debian base image needs root (debootstrap): run as root or with passwordless sudo" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "installing debootstrap (apt-get)…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
  else
    echo "debootstrap is needed to build the Debian base image; install it with your package manager" >&2
    exit 1
  fi
fi

# /var/tmp: a root file system is ~200 MB, too much for a small tmpfs /tmp.
work=$(mktemp -d /var/tmp/tradeforge-rootfs.XXXXXX)
rootfs="$work/rootfs"
cleanup() {
  mountpoint -q "$rootfs/proc" 2>/dev/null && umount "$rootfs/proc"
  rm -rf "$work"
}
trap cleanup EXIT

echo "debootstrap --variant=minbase $suite from $mirror…"
if ! debootstrap --variant=minbase --components=main "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  echo "debootstrap failed (log above); is $mirror reachable? Set DEBIAN_MIRROR to a reachable mirror." >&2
  exit 1
fi

# Package sources with updates and security fixes (debootstrap only writes the release itself).
rm -f "$rootfs/etc/apt/sources.list"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES

# Container conventions: no recommended packages, no apt caches or docs left in layers, and
# package scripts never try to start services.
cat >"$rootfs/etc/apt/apt.conf.d/90container" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
APT
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/90container" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
DPKG
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod +x "$rootfs/usr/sbin/policy-rc.d"

echo "applying $suite-updates and $suite-security…"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount -t proc proc "$rootfs/proc"
if ! { chroot "$rootfs" apt-get update -qq && DEBIAN_FRONTEND=noninteractive chroot "$rootfs" apt-get -y -qq upgrade; } >"$work/upgrade.log" 2>&1; then
  tail -n 30 "$work/upgrade.log" >&2
  echo "apt-get upgrade inside the new root file system failed (log above)" >&2
  exit 1
fi
umount "$rootfs/proc"

# What a container does not need.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log \
  "$rootfs"/var/log/apt/* "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
: >"$rootfs/etc/machine-id"

echo "docker import → $image"
tar --numeric-owner -C "$rootfs" -c . \
  | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - "$image" >/dev/null
