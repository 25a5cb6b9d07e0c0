# Helpers for the build root (sourced by make_root.sh and build_in_root.sh).
mount_root() {
  local root=$1
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

umount_root() {
  local root=$1
  mountpoint -q "$root/dev" && umount "$root/dev"
  mountpoint -q "$root/proc" && umount "$root/proc"
  return 0
}

in_root() {
  local root=$1
  shift
  env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb chroot "$root" "$@"
}
