#!/usr/bin/env bash
# Chinese input through fcitx5 into the INSTALLED bundle, under Xvfb: the evidence that the bundled
# fcitx5 plugin loads and carries pinyin input to the applicant form. Manual (not in CI: it needs
# fcitx5 with the pinyin engine on the host and takes screenshots to look at).
#
#   sudo bash installer/check_fcitx_input.sh ROOT OUT_DIR
#
# ROOT is a root the .deb is installed in (e.g. the clean Debian 11 root `installer/check_build.sh
# --keep` leaves behind; `/` for this machine). fcitx5, Xvfb and the session bus run on the host; the
# app runs inside ROOT and reaches them through bind mounts. Host packages: xvfb fcitx5
# fcitx5-chinese-addons xdotool imagemagick dbus.
set -euo pipefail
root=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
display=${ONEWINDOW_CHECK_DISPLAY:-:57}
tmp=$(mktemp -d /tmp/owim.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for m in "$root$tmp" "$root/tmp/.X11-unix"; do
    if [ "$root" != "/" ] && mountpoint -q "$m"; then umount "$m"; fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
shot() { import -display "$display" -window root "$out/$1.png"; echo "screenshot: $out/$1.png"; }

Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
sleep 2
mkdir -p "$tmp/home/.config/fcitx5" "$tmp/app"
cat >"$tmp/home/.config/fcitx5/profile" <<'EOF'
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
EOF
dbus-daemon --session --address="unix:path=$tmp/bus" --nofork --nopidfile >/dev/null 2>&1 & pids+=($!)
sleep 1
export DISPLAY=$display DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/bus"
HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config fcitx5 --disable=all --enable=keyboard,pinyin,xim,dbus,dbusfrontend,classicui,imselector,punctuation,chttrans,fullwidth,quickphrase,spell,notificationitem \
  >"$out/fcitx5.log" 2>&1 & pids+=($!)
sleep 3

if [ "$root" != "/" ]; then
  # libdbus aborts without a machine id; every desktop has one, a debootstrap minbase root does not.
  [ -s "$root/etc/machine-id" ] || od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$root/etc/machine-id"
  mkdir -p "$root/tmp/.X11-unix" "$root$tmp"
  mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
  mount --bind "$tmp" "$root$tmp"
fi
app() {
  chroot "$root" /usr/bin/env -i HOME="$tmp/app" PATH=/usr/bin:/bin DISPLAY="$display" LANG=C.UTF-8 \
    DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/bus" QT_IM_MODULE=fcitx5 XMODIFIERS=@im=fcitx ${QT_DEBUG_PLUGINS:+QT_DEBUG_PLUGINS=1} "$@"
}
echo "Admin2026x" | app /usr/bin/onewindow --data-dir "$tmp/app/data" users add admin --role admin --password-stdin
app /usr/bin/onewindow --data-dir "$tmp/app/data" self-test | grep -E "Qt 平台|输入法" | tee "$out/self-test.txt" || true
app /usr/bin/onewindow --data-dir "$tmp/app/data" >"$out/app.log" 2>&1 & pids+=($!)
xdotool search --sync --onlyvisible --name "一窗通" >/dev/null
sleep 3
xdotool type --delay 60 admin; xdotool key Tab; xdotool type --delay 60 Admin2026x; xdotool key Return
sleep 6
shot 1-main-window
# Intake (Ctrl+1): find a matter by pinyin initials, pick it with Enter, then the applicant's name.
xdotool key ctrl+1; sleep 1
xdotool type --delay 80 hkqy; sleep 2; xdotool key Return; sleep 3
shot 2-matter-chosen
echo "$out"
if [ -n "${ONEWINDOW_CHECK_NAME_XY:-}" ]; then
  # shellcheck disable=SC2086
  xdotool mousemove ${ONEWINDOW_CHECK_NAME_XY} click 1; sleep 1
  HOME=$tmp/home fcitx5-remote -o || true
  sleep 1
  state=$(HOME=$tmp/home fcitx5-remote 2>/dev/null || echo "?")
  if [ "$state" != 2 ]; then xdotool key ctrl+space; sleep 1; state=$(HOME=$tmp/home fcitx5-remote 2>/dev/null || echo "?"); fi
  echo "fcitx5 state for the focused field: $state (2 = pinyin active)"
  xdotool type --delay 150 zhangwei; sleep 2
  shot 3-candidates
  xdotool key space; sleep 2
  shot 4-name-typed
fi
