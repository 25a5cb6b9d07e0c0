# Helpers for the build root and the clean test root (sourced by make_root.sh, build_in_root.sh and
# installer/check_build.sh).
HOST_CA=${PIP_CERT:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}
ROOT_CA=/etc/ssl/certs/build-host-ca.crt

mount_root() {
  local root=$1
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  # The host's CA bundle, so pip inside the root trusts what the host trusts (a proxy's CA, say).
  if [ -f "$HOST_CA" ]; then mkdir -p "$root/etc/ssl/certs" && cp -L "$HOST_CA" "$root$ROOT_CA"; fi
}

umount_root() {
  local root=$1
  if mountpoint -q "$root/dev"; then umount "$root/dev"; fi
  if mountpoint -q "$root/proc"; then umount "$root/proc"; fi
  return 0
}

in_root() {
  local root=$1
  shift
  local ca=()
  if [ -f "$root$ROOT_CA" ]; then ca=(PIP_CERT="$ROOT_CA" SSL_CERT_FILE="$ROOT_CA" REQUESTS_CA_BUNDLE="$ROOT_CA"); fi
  env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb "${ca[@]}" chroot "$root" "$@"
}
