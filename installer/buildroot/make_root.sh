#!/usr/bin/env bash
# Create (or reuse) the old-release build root the Linux bundle is built in, so the bundle runs on
# the oldest glibc the package mirror still lets us build against.
#
#   sudo bash installer/buildroot/make_root.sh            # root at $ONEWINDOW_BUILDROOT
#
# * Debian 11 "bullseye" (glibc 2.31) is the oldest release deb.debian.org still serves; buster
#   (glibc 2.28) has moved to the archive, which is not reachable from the build machines.
# * bullseye has Python 3.9 only: Python 3.11 is built from Debian's own source package
#   (bookworm's python3.11, Debian patches applied) into /opt/python3.11 inside the root.
# * bookworm is listed with pin priority 1 (never installed from) so `apt-get download` can fetch
#   the fcitx Qt 6 input-method plugins, which bullseye does not have (see installer/bundle_policy.toml).
# The root is reused while this script is unchanged (a stamp holds its hash), so CI pays for it once
# per machine. Needs: debootstrap, root, network access to the Debian mirror and PyPI.
set -euo pipefail
ROOT=${ONEWINDOW_BUILDROOT:-/var/cache/onewindow/bullseye-root}
MIRROR=${ONEWINDOW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=${ONEWINDOW_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
here=$(cd "$(dirname "$0")" && pwd)
stamp=$(sha256sum "$here/make_root.sh" | cut -d' ' -f1)

if [ -f "$ROOT/.onewindow-root" ] && [ "$(cat "$ROOT/.onewindow-root")" = "$stamp" ]; then
  echo "build root: $ROOT (up to date)"
  exit 0
fi

if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || { echo "debootstrap is needed: apt-get install debootstrap" >&2; exit 1; }
  mkdir -p "$(dirname "$ROOT")"
  debootstrap --variant=minbase --include=ca-certificates bullseye "$ROOT" "$MIRROR"
fi

cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bullseye main
deb $SECURITY bullseye-security main
deb $MIRROR bookworm main
deb-src $MIRROR bookworm main
EOF
cat >"$ROOT/etc/apt/preferences.d/bookworm" <<'EOF'
Package: *
Pin: release n=bookworm
Pin-Priority: 1
EOF
echo 'APT::Install-Recommends "false";' >"$ROOT/etc/apt/apt.conf.d/90norecommends"

# shellcheck source=installer/buildroot/chroot_lib.sh
. "$here/chroot_lib.sh"
mount_root "$ROOT"
trap 'umount_root "$ROOT"' EXIT

in_root "$ROOT" bash -euxc '
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Python 3.11 build dependencies (only what the bundled modules need: no tk, curses, readline, gdbm).
apt-get install -y -qq build-essential pkg-config dpkg-dev fakeroot binutils xz-utils file \
  libssl-dev zlib1g-dev libbz2-dev liblzma-dev libffi-dev libsqlite3-dev uuid-dev libexpat1-dev patchelf >/dev/null
# What the bundle loads from the system (installer/bundle_policy.toml [system]), so the build can
# check every NEEDED library resolves and run the bundle'"'"'s self-test here.
apt-get install -y -qq libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 \
  libdbus-1-3 libglib2.0-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 \
  libxcb-sync1 libxcb-xfixes0 libxcb-shm0 libxcb-render0 libxcb-util1 libxcb-glx0 libsm6 libice6 \
  libcups2 libpulse0 libasound2 libgssapi-krb5-2 libxrender1 libxext6 libxrandr2 libdrm2 libva2 libva-drm2 \
  libva-x11-2 libvdpau1 libxfixes3 libxcomposite1 libxdamage1 libxshmfence1 libxtst6 libxi6 >/dev/null
if [ ! -x /opt/python3.11/bin/python3.11 ]; then
  rm -rf /usr/src/python3.11 && mkdir -p /usr/src/python3.11 && cd /usr/src/python3.11
  apt-get source -qq python3.11/bookworm >/dev/null
  cd python3.11-*/
  # Debian builds pyexpat into the interpreter; a Debian security patch makes it include core headers.
  printf "*shared*\npyexpat pyexpat.c -DPy_BUILD_CORE_MODULE -lexpat\n" >Modules/Setup.local
  ./configure -q --prefix=/opt/python3.11 --enable-shared --with-ensurepip=no --with-system-expat \
    LDFLAGS="-Wl,-rpath,/opt/python3.11/lib"
  make -s -j"$(nproc)" >/dev/null
  make -s altinstall >/dev/null
  cp -n Modules/pyexpat.cpython-311-*.so /opt/python3.11/lib/python3.11/lib-dynload/  # Setup.local module
  # Debian'"'"'s ensurepip looks for wheels in /usr/share/python-wheels; the upstream tarball has them.
  w=$(ls Lib/ensurepip/_bundled/pip-*.whl)
  /opt/python3.11/bin/python3.11 "$w/pip" install -q --no-index "$w"
  cd / && rm -rf /usr/src/python3.11
fi
/opt/python3.11/bin/python3.11 -c "import ssl, sqlite3, lzma, bz2, ctypes, zlib, uuid, pyexpat; print(\"python\", __import__(\"sys\").version.split()[0], \"sqlite\", sqlite3.sqlite_version)"
'
echo "$stamp" >"$ROOT/.onewindow-root"
echo "build root: $ROOT (ready)"
