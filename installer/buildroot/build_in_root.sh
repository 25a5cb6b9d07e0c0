#!/usr/bin/env bash
# Build the Linux bundle and .deb inside the bullseye build root (glibc 2.31), from the files git
# tracks in this tree (plus uncommitted changes to them), and copy dist/ back out.
#
#   sudo bash installer/buildroot/build_in_root.sh [OUT_DIR] [-- build.py options]
#
# Makes the root first when needed (make_root.sh). The root keeps a pip cache and the downloaded
# Debian packages, so a second build only pays for PyInstaller.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
ROOT=${ONEWINDOW_BUILDROOT:-/var/cache/onewindow/bullseye-root}
out=${1:-$src/dist}
shift || true
[ "${1:-}" = "--" ] && shift
bash "$here/make_root.sh"
# shellcheck source=installer/buildroot/chroot_lib.sh
. "$here/chroot_lib.sh"
mount_root "$ROOT"
trap 'umount_root "$ROOT"' EXIT

rm -rf "$ROOT/build/src" "$ROOT/build/dist"
mkdir -p "$ROOT/build/src" "$ROOT/build/dist" "$ROOT/build/work"
(cd "$src" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - ) | tar -C "$ROOT/build/src" -xf -
in_root "$ROOT" env SOURCE_DATE_EPOCH="$(git -C "$src" log -1 --format=%ct)" bash -euc '
export DEBIAN_FRONTEND=noninteractive
command -v patchelf >/dev/null || { apt-get update -qq && apt-get install -y -qq patchelf >/dev/null; }
py=/opt/python3.11/bin/python3.11  # the root is the build'"'"'s own: no venv needed
cd /build/src
$py -m pip install -q --root-user-action=ignore --upgrade pip
$py -m pip install -q --root-user-action=ignore ".[build]"
PATH=/opt/python3.11/local/bin:/opt/python3.11/bin:$PATH $py installer/build.py --out /build/dist --work /build/work "$@"
' build "$@"
mkdir -p "$out"
cp -a "$ROOT/build/dist/." "$out/"
echo "built in $ROOT: $(ls "$out")"
