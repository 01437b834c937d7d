#!/usr/bin/env bash
# Builds the Redress image as an OCI archive without a container engine or a base image from a registry:
#   deploy/image/build.sh                 target/image/redress-<tag>.tar from target/redress.jar and target/lib/
#   deploy/image/build.sh --update-pins   moves debian-packages.lock to the versions Debian serves now
# (`./redress image` builds the jar first, then runs this.) Load or push the archive with any OCI tool:
# `docker load -i`, `podman load -i`, `skopeo copy oci-archive:target/image/redress-0.1.0.tar docker://...`.
#
# The image, bottom to top: Debian's C, C++ and zlib libraries (debian-packages.lock), a Java runtime that jlink makes
# from this machine's JDK with only the modules the application uses, the libraries, the application jar. No shell,
# no package manager: nothing in it but what Redress runs. Its runtime configuration is deploy/image/config.json.
# Needs a Debian-family machine (apt-get, dpkg-deb) with a JDK 17+ on the PATH; downloads are cached under
# ~/.cache/redress/image.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/deploy/image"
IMAGE="${REDRESS_IMAGE:-ghcr.io/redress/redress:0.1.0}"
WORK="$ROOT/target/image"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/redress/image"
LOCK="$HERE/debian-packages.lock"

die() { echo "build.sh: $*" >&2; exit 2; }

JDK_BIN="$(dirname "$(readlink -f "$(command -v java || die "java not found on PATH")")")"
[ -x "$JDK_BIN/jlink" ] && [ -x "$JDK_BIN/jdeps" ] || die "no jlink/jdeps beside $JDK_BIN/java: a JDK is needed, not a JRE"
command -v dpkg-deb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || die "apt-get and dpkg-deb are needed"
ARCH="$(dpkg --print-architecture)"

java_feature() {
  "$JDK_BIN/java" -version 2>&1 | sed -n '1s/^[^"]*"\([0-9]*\).*/\1/p'
}

update_pins() {
  local packages version sha256
  packages="$(awk '!/^#/ && NF { print $1 }' "$LOCK" | sort -u)"
  { grep '^#' "$LOCK"
    for package in $packages; do
      read -r version sha256 < <(served "$package")
      echo "$package $version $ARCH $sha256"
    done
  } > "$LOCK.new"
  mv "$LOCK.new" "$LOCK"
  echo "build.sh: $LOCK now pins what Debian serves for $ARCH" >&2
}

# The modules the application needs (jdeps over everything it reaches, about half a minute), plus the ones it loads
# only through the service loader, which jdeps cannot see: jdk.crypto.ec for the elliptic-curve TLS suites that
# AWS endpoints and MSK negotiate. What it reaches follows from the libraries and from the classes the application
# itself refers to outside its jar (a few seconds to list), so a change that refers to nothing new reuses the answer.
modules() {
  local key file
  key="$( ("$JDK_BIN/java" -version 2>&1; ls "$ROOT/target/lib"
          "$JDK_BIN/jdeps" -q --multi-release "$(java_feature)" -verbose:class -filter:archive --ignore-missing-deps \
            --class-path "$ROOT/target/lib/*" "$ROOT/target/redress.jar" | awk '$2 == "->" { print $3 }' | sort -u
         ) | sha256sum | cut -c1-16)"
  file="$WORK/modules-$key"
  if [ ! -s "$file" ]; then
    echo "Finding the Java modules Redress uses (jdeps) ..." >&2
    rm -f "$WORK"/modules-*
    "$JDK_BIN/jdeps" -q --ignore-missing-deps --multi-release "$(java_feature)" --print-module-deps --recursive \
      --class-path "$ROOT/target/lib/*" "$ROOT/target/redress.jar" > "$file.partial"
    mv "$file.partial" "$file"
  fi
  echo "$(cat "$file"),jdk.crypto.ec"
}

# java.desktop is there only for java.beans (FreeMarker and Jackson introspect with it); its native libraries draw,
# play sound and read fonts, which a server never loads, and they would pull in X11, ALSA and FreeType.
runtime() {
  local modules="$1" stamp
  stamp="$("$JDK_BIN/java" -version 2>&1 | head -1) $modules"
  if [ "$(cat "$WORK/runtime.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "Linking a Java runtime of $modules ..." >&2
    rm -rf "$WORK/runtime" "$WORK/runtime.stamp"
    "$JDK_BIN/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --exclude-files='regex:.*/lib(awt|awt_headless|awt_xawt|fontmanager|javajpeg|jawt|jsound|lcms|mlib_image|splashscreen)\.so' \
      --output "$WORK/runtime"
    echo "$stamp" > "$WORK/runtime.stamp"
  fi
}

fetch_deb() {
  local package="$1" version="$2" file="$3" download
  download="$(mktemp -d "$CACHE/download.XXXXXX")"
  local apt=(apt-get -q -o APT::Sandbox::User="$(id -un)" download "$package:$ARCH=$version")
  if ! (cd "$download" && "${apt[@]}" >/dev/null 2>&1); then
    # A fresh machine may have no package lists yet; a stale one may not know the pinned version.
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; fi
    if ! (cd "$download" && "${apt[@]}" >/dev/null 2>&1); then
      rm -rf "$download"
      return 1
    fi
  fi
  mv "$download"/*.deb "$file"
  rmdir "$download"
}

# What Debian serves now for a package: "version sha256", checked by apt against the archive's signed index.
served() {
  apt-cache show --no-all-versions "$1:$ARCH" 2>/dev/null | awk '/^Version:/ { v = $2 } /^SHA256:/ { s = $2 } END { print v, s }'
}

# The pinned packages, checked against their checksums and unpacked, less what a JVM never opens (iconv modules,
# documentation but the copyright files).
debian_libraries() {
  local target="$WORK/debian" found=0
  rm -rf "$target" && mkdir -p "$target" "$CACHE/debs"
  while read -r package version architecture sha256; do
    case "$package" in '#'* | '') continue ;; esac
    [ "$architecture" = "$ARCH" ] || continue
    local file="$CACHE/debs/${package}_${version//:/%3a}_$ARCH.deb"
    if [ ! -f "$file" ] && ! fetch_deb "$package" "$version" "$file"; then
      # A security update replaced the pinned version and Debian serves only the new one. The image is still built,
      # from the served version (same checksum check, against the signed index), and says so: a build that stops
      # here would break every test run on the day of a Debian update.
      read -r version sha256 < <(served "$package")
      [ -n "$version" ] || die "Debian serves no $package for $ARCH"
      echo "build.sh: Debian no longer serves the pinned $package; using $version (run deploy/image/build.sh --update-pins to pin it)" >&2
      file="$CACHE/debs/${package}_${version//:/%3a}_$ARCH.deb"
      [ -f "$file" ] || fetch_deb "$package" "$version" "$file" || die "Debian does not serve $package $version for $ARCH"
    fi
    echo "$sha256  $file" | sha256sum -c --quiet - >/dev/null 2>&1 ||
      die "$file does not match the checksum pinned in $LOCK (delete it to download it again)"
    dpkg-deb -x "$file" "$target"
    found=$((found + 1))
  done < "$LOCK"
  [ "$found" -gt 0 ] || die "$LOCK pins no packages for $ARCH: run deploy/image/build.sh --update-pins on an $ARCH machine"
  rm -rf "$target/etc"
  find "$target" -depth -type d -name gconv -exec rm -rf {} +
  find "$target/usr/share" -type f ! -name copyright -delete
  find "$target/usr/share" -depth -type d -empty -delete
}

if [ "${1:-}" = "--update-pins" ]; then
  update_pins
  exit 0
fi
[ $# -eq 0 ] || die "unknown argument: $1 (usage: build.sh [--update-pins])"
[ -f "$ROOT/target/redress.jar" ] && [ -d "$ROOT/target/lib" ] ||
  die "target/redress.jar and target/lib/ are missing: build them first (./redress image does)"
mkdir -p "$WORK" "$CACHE"

MODULES="$(modules)"
runtime "$MODULES"
debian_libraries

OUT="$WORK/redress-${IMAGE##*:}.tar"
echo "Writing $OUT ..." >&2
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 1)}" \
  "$JDK_BIN/java" "$HERE/OciArchive.java" "$OUT" "$IMAGE" "$ARCH" "$HERE/config.json" \
  --layer debian-libraries \
    "$WORK/debian/lib=/lib" "$WORK/debian/lib64=/lib64" "$WORK/debian/usr=/usr" "$HERE/etc/passwd=/etc/passwd" \
    "$HERE/etc/group=/etc/group" --dir /tmp:1777:0:0 --dir /etc/redress:755:0:0 --dir /var/lib/redress:750:10001:10001 \
  --layer java-runtime "$WORK/runtime=/opt/java" \
  --layer libraries "$ROOT/target/lib=/opt/redress/lib" \
  --layer application "$ROOT/target/redress.jar=/opt/redress/redress.jar"
echo "$OUT"
