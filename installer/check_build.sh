#!/usr/bin/env bash
# Build check for IT and release: build the bundle and .deb, then prove they work without the
# source tree or a virtualenv:
#   1. the bundle, copied outside the repo, answers --version and passes self-test (offscreen);
#   2. a database created by the previous schema revision is opened by the bundle and keeps its rows;
#   3. the .deb installs into a clean root with `dpkg --root` and its /usr/bin launcher runs --version;
#   4. re-installing the package (an upgrade) leaves user data alone.
# Usage: bash installer/check_build.sh      (needs: pip install -e . pyinstaller; dpkg-deb, fakeroot)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 installer/build.py
ver=$(cat dist/onewindow/VERSION)
deb=$(ls dist/onewindow_"$ver"_*.deb)
work=$(mktemp -d /tmp/onewindow-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== bundle outside the source tree, clean environment"
cp -a dist/onewindow "$work/bundle"
run_clean() { (cd "$work" && env -i HOME="$work/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$@"); }
run_clean "$work/bundle/onewindow" --version
run_clean "$work/bundle/onewindow" --data-dir "$work/data" self-test

echo "== previous-schema database opened by the new build"
python3 - "$work/old.sqlite3" <<'PY'
import sqlite3, sys
from tests.unit.store.test_migrations import POPULATE, _upgrade_to
first = sorted(POPULATE)[0]
_upgrade_to(__import__("pathlib").Path(sys.argv[1]), first)
conn = sqlite3.connect(sys.argv[1]); POPULATE[first](conn); conn.commit(); conn.close()
print("created a populated database at revision", first)
PY
mkdir -p "$work/olddata" && mv "$work/old.sqlite3" "$work/olddata/onewindow.sqlite3"
run_clean "$work/bundle/onewindow" --data-dir "$work/olddata" db upgrade
run_clean "$work/bundle/onewindow" --data-dir "$work/olddata" db check | tail -n 1
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print('rows kept: applications', c.execute('select count(*) from application').fetchone()[0], 'users', c.execute('select count(*) from user').fetchone()[0])" "$work/olddata/onewindow.sqlite3"

echo "== .deb into a clean root"
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root --force-script-chrootless -i "$deb" >"$work/dpkg.log" 2>&1
run_clean "$root/usr/bin/onewindow" --version
dpkg --root="$root" -l onewindow | tail -n 1
mkdir -p "$work/userdata"
run_clean "$root/usr/bin/onewindow" --data-dir "$work/userdata" db upgrade >/dev/null
before=$(sha256sum "$work/userdata/onewindow.sqlite3" | cut -d' ' -f1)
dpkg --root="$root" --force-depends --force-not-root --force-script-chrootless -i "$deb" >"$work/dpkg.log" 2>&1
after=$(sha256sum "$work/userdata/onewindow.sqlite3" | cut -d' ' -f1)
[ "$before" = "$after" ] && echo "user data unchanged by re-install/upgrade"

echo "== sizes"
du -sh dist/onewindow | sed 's/^/bundle: /'
du -h "$deb" | sed 's/^/deb: /'
echo "BUILD CHECK PASSED ($ver)"
