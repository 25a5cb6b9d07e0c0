#!/bin/sh
# /usr/bin/onewindow: start the bundle installed under /opt/onewindow (resolved relative to this
# script, so an install into another root, e.g. `dpkg --root`, works the same).
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../opt/onewindow/onewindow" "$@"
