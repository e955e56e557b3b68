#!/usr/bin/env bash
# Build the Debian package of 积分台账 for old systems: every bundled file needs at most
# glibc 2.28 (UOS 20, Kylin V10, Debian 10) and gcc 8's libstdc++ (GLIBCXX_3.4.25, CXXABI_1.3.11).
#
# On a Debian 12 machine, as root, from anywhere:   installer/build_old_glibc.sh [--test]
# Writes dist/jifen/ and dist/jifen-desktop_<version>_amd64.deb (the same file build_deb.sh
# makes, packaged by build_deb.sh) and prints the time of each step. How it does it:
#   1. a Debian 11 (bullseye, glibc 2.31) chroot made with debootstrap, with the build tools and
#      the libraries Qt needs;
#   2. Debian 12's sources of Python 3.11, SQLite, libpng and libdbus (apt-get source);
#   3. SQLite, libpng and libdbus built into /opt/jifen-compat in the chroot (Debian 11's own
#      need glibc 2.29/2.30: exp/log/pow, libsystemd's gettid), and Debian 12's libxcb-cursor0
#      (Debian 11 has none; it needs glibc 2.8) installed there;
#   4. Python 3.11 built into /opt/python3.11 in the chroot (shared libpython, Debian's bug and
#      security patches, no Debian layout patches), the compiler forced to include
#      installer/glibc_compat.h (libm's pre-2.29 exp/log/pow/exp2/log2), sem_clockwait off;
#   5. installer/build_onefolder.sh run in the chroot with that Python and PySide6 6.8 (the
#      oldest the program supports, scripts/test-oldest-qt; 6.8 and 6.9 have manylinux_2_28
#      wheels, 6.10+ need glibc 2.34), on a copy of this working tree;
#   6. installer/check_glibc.py: no bundled file needs more than the limits above;
#   7. the program started for real in the chroot (glibc 2.31): a demo village, verify, rank, a
#      PDF notice, --smoke-test offscreen and on Xvfb (Qt's xcb platform);
#   8. installer/build_deb.sh --no-rebuild;
#   9. with --test: installer/test_deb.sh in the chroot (apt-get install on Debian 11, used as an
#      ordinary user, removed, purged).
# Steps 1-4 are cached in build/old-glibc/ (JIFEN_OLD_GLIBC_CACHE), each behind a stamp made
# from its recipe: a second run starts at step 5. Delete build/old-glibc/bullseye/build/sources
# to fetch Debian's newest sources again (the Python build then follows), or the whole folder to
# start over (`installer/build_old_glibc.sh --clean` does it safely: the chroot has mounts).
# JIFEN_PYSIDE6 (default 6.8.*) chooses PySide6; JIFEN_DEBIAN_MIRROR the Debian mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE=bullseye
MIRROR=${JIFEN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PYSIDE6=${JIFEN_PYSIDE6:-6.8.*}
COMPAT=/opt/jifen-compat   # in the chroot: the rebuilt libraries
PYPREFIX=/opt/python3.11   # in the chroot: the Python of the build
SOURCES=(python3.11 sqlite3 libpng1.6 dbus)   # from Debian 12 (deb-src bookworm)
# Build tools, the -dev packages Python's modules need, and the libraries PyInstaller collects
# for Qt (the xcb ones, fontconfig, …); tcl builds SQLite's amalgamation; the Chinese font for
# the PDF and Xvfb for the starts in steps 7 and 9. No libsqlite3-dev: Python uses the rebuilt SQLite.
PACKAGES=(build-essential pkg-config ca-certificates curl file xz-utils patch binutils tcl
  libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev uuid-dev libexpat1-dev
  libegl1 libgl1 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 libxcb-shape0 libxcb-randr0 libx11-xcb1
  libfontconfig1 libglib2.0-0 libgssapi-krb5-2 fonts-wqy-microhei xvfb xauth)

# ---------------------------------------------------------------------------------------------
# Steps run inside the chroot (this script, copied to /build, called with --in-chroot STEP).

# unpack NAME [FIRST_PATCH]: Debian's upstream tarball of source package NAME in a fresh
# /build/work/NAME, with the patches of debian/patches/series from FIRST_PATCH to the end
# applied (none without FIRST_PATCH); prints the source folder.
unpack() {
  local name=$1 first=${2:-} dsc version work top tarball
  dsc=$(printf '%s\n' /build/sources/"${name}"_*.dsc | sort -V | tail -1)
  version=${dsc##*/"${name}"_}
  version=${version%.dsc}
  work=/build/work/$name
  rm -rf "$work"
  mkdir -p "$work"
  for tarball in /build/sources/"${name}_${version%-*}".orig.tar.*; do
    [[ $tarball == *.asc ]] || tar -C "$work" -xf "$tarball"
  done
  tar -C "$work" -xf /build/sources/"${name}_${version}".debian.tar.*
  top=$(find "$work" -mindepth 1 -maxdepth 1 -type d ! -name debian)
  if [ -n "$first" ]; then
    sed -n "/^${first//./\\.}\$/,\$p" "$work/debian/patches/series" | grep -v '^#' |
      while read -r patch _; do
        [ -n "$patch" ] && patch -d "$top" -p1 -s -N < "$work/debian/patches/$patch" >&2
      done
  fi
  echo "$top"
}

compat_flags() {
  export CFLAGS="-O2 -g0 -include $COMPAT/include/glibc_compat.h"
  export LDFLAGS="-Wl,--as-needed"
}

in_compat() {
  rm -rf "$COMPAT"
  mkdir -p "$COMPAT/include" "$COMPAT/lib"
  install -m 644 /build/glibc_compat.h "$COMPAT/include/"
  compat_flags
  local src
  # SQLite: Debian's flags (debian/rules) and its bug and security fixes.
  src=$(unpack sqlite3 41-fix_a_bug_in_the_NOT_NULL-IS_NULL_optimization.patch)
  (cd "$src" && CFLAGS="$CFLAGS -fno-strict-aliasing -DSQLITE_SECURE_DELETE \
      -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
      -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 -DSQLITE_ENABLE_UNLOCK_NOTIFY \
      -DSQLITE_OMIT_LOOKASIDE=1 -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ALLOW_ROWID_IN_VIEW \
      -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 -DSQLITE_ENABLE_LOAD_EXTENSION \
      -DSQLITE_ENABLE_JSON1 -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_THREADSAFE=1 \
      -DSQLITE_ENABLE_FTS3_TOKENIZER=1 -DSQLITE_USE_URI=1 -DSQLITE_MAX_SCHEMA_RETRY=25 \
      -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_STMTVTAB \
      -DSQLITE_MAX_VARIABLE_NUMBER=250000" \
    ./configure -q --prefix="$COMPAT" --disable-static --disable-tcl --enable-threadsafe \
      --enable-load-extension --enable-json --enable-fts5 --enable-rtree --enable-session &&
    make -s -j2 libsqlite3.la sqlite3.h sqlite3.pc &&
    make -s lib_install &&
    install -m 644 sqlite3.h src/sqlite3ext.h "$COMPAT/include/" &&
    install -D -m 644 sqlite3.pc "$COMPAT/lib/pkgconfig/sqlite3.pc") >/dev/null
  # libpng (freetype's): Debian's security fixes.
  src=$(unpack libpng1.6 CVE-2025-64505.patch)
  (cd "$src" && ./configure -q --prefix="$COMPAT" --disable-static &&
    make -s -j2 libpng16.la && make -s install-libLTLIBRARIES) >/dev/null
  # libdbus (Qt's), without systemd (Debian 11's libsystemd needs gettid, glibc 2.30). The
  # paths compiled into it are the system's: the system bus socket, dbus-launch.
  src=$(unpack dbus)
  (cd "$src" && ./configure -q --prefix=/usr --sysconfdir=/etc --localstatedir=/var \
      --runstatedir=/run --with-system-socket=/run/dbus/system_bus_socket \
      --with-session-socket-dir=/tmp --disable-static --disable-systemd --disable-selinux \
      --disable-apparmor --disable-libaudit --disable-tests --disable-xml-docs \
      --disable-doxygen-docs --disable-ducktype-docs --disable-asserts --disable-checks \
      --disable-verbose-mode --disable-stats --disable-user-session --without-x &&
    make -s -j2 -C dbus libdbus-1.la &&
    cp -a dbus/.libs/libdbus-1.so.3* "$COMPAT/lib/") >/dev/null
  ls "$COMPAT/lib"
}

in_python() {
  rm -rf "$PYPREFIX"
  compat_flags
  local src
  # Debian's patches from shutdown-deadlock.diff on are upstream bug and security fixes; the
  # ones before it change the install layout for Debian's own packaging.
  src=$(unpack python3.11 shutdown-deadlock.diff)
  cd "$src"
  # CVE-2026-4224.patch makes pyexpat.c use an internal header: Debian builds pyexpat into the
  # interpreter, upstream's build makes it a shared module, which must say so to include it.
  if grep -q '^#include "pycore_ceval.h"' Modules/pyexpat.c && ! grep -q Py_BUILD_CORE Modules/pyexpat.c; then
    sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c
  fi
  ./configure -q --prefix="$PYPREFIX" --enable-shared --without-static-libpython \
    --with-ensurepip=install \
    CPPFLAGS="-I$COMPAT/include" \
    LDFLAGS="-L$COMPAT/lib -Wl,-rpath,$PYPREFIX/lib:$COMPAT/lib" \
    PKG_CONFIG_PATH="$COMPAT/lib/pkgconfig" \
    ac_cv_func_sem_clockwait=no
  make -s -j2 >/dev/null 2>make-warnings.log || { tail -40 make-warnings.log; exit 1; }
  make -s install >install.log 2>&1 || { tail -40 install.log; exit 1; }
  "$PYPREFIX/bin/python3.11" - <<'EOF'
import bz2, ctypes, decimal, hashlib, lzma, pyexpat, ssl, sqlite3, uuid, zlib
import _ctypes, _elementtree, _multiprocessing
print(f"Python {__import__('sys').version.split()[0]}，SQLite {sqlite3.sqlite_version}，{ssl.OPENSSL_VERSION}")
EOF
}

in_try() {
  local data
  data=$(mktemp -d)
  cd /build/src
  export JIFEN_USER=admin JIFEN_PASSWORD=jifen123   # the demo village's administrator
  dist/jifen/jifen --data-dir "$data" demo --households 10 --years 1 | tail -2
  dist/jifen/jifen --data-dir "$data" verify | tail -2
  dist/jifen/jifen --data-dir "$data" rank --period all --top 3
  dist/jifen/jifen --data-dir "$data" report notice --quarter "$(date +%Y)Q1" \
    --out "$data/notice.pdf" | tail -1
  head -c 5 "$data/notice.pdf" | grep -q '%PDF-'
  QT_QPA_PLATFORM=offscreen dist/jifen/jifen-desktop --data-dir "$data" --smoke-test
  xvfb-run -a -s "-screen 0 1366x768x24" dist/jifen/jifen-desktop --data-dir "$data" --smoke-test
  printf '%s\n' "单目录程序在 $(ldd --version | head -1) 上运行正常（演示村、verify、rank、公示表 PDF、--smoke-test：offscreen 和 Xvfb 上的 xcb）"
  rm -rf "$data"
}

if [ "${1:-}" = --in-chroot ]; then
  shift
  "in_$1"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# On the machine.

[ "$(id -u)" -eq 0 ] || { echo "错误：要用 root 运行（debootstrap、chroot）" >&2; exit 1; }
started=$(date +%s)
CACHE=$(realpath -m "${JIFEN_OLD_GLIBC_CACHE:-build/old-glibc}")
ROOT=$CACHE/$SUITE
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock -n 9 || { echo "错误：另一个 build_old_glibc.sh 正在用 $CACHE" >&2; exit 1; }

unmount_chroot() {
  local m
  for m in dev/pts dev sys proc; do
    if mountpoint -q "$ROOT/$m"; then umount "$ROOT/$m" || umount -l "$ROOT/$m"; fi
  done
}
mount_chroot() {
  local m
  for m in proc sys dev dev/pts; do
    mountpoint -q "$ROOT/$m" || mount --bind "/$m" "$ROOT/$m"
  done
}
trap unmount_chroot EXIT

remove_chroot() {
  unmount_chroot
  if grep -q " $ROOT/" /proc/mounts; then
    echo "错误：$ROOT 下还有挂载，不删除" >&2
    exit 1
  fi
  rm -rf --one-file-system "$ROOT"
}
TEST=0
case "${1:-}" in
  --clean) remove_chroot; echo "已删除 $ROOT"; exit 0 ;;
  --test) TEST=1 ;;
  "") ;;
  *) echo "用法：installer/build_old_glibc.sh [--test | --clean]" >&2; exit 2 ;;
esac

# in_chroot CMD...: a clean environment (no LD_LIBRARY_PATH, no pip settings of this machine
# pointing at its own folders); proxies pass.
in_chroot() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    ${http_proxy:+http_proxy="$http_proxy"} ${https_proxy:+https_proxy="$https_proxy"} \
    ${no_proxy:+no_proxy="$no_proxy"} "$@"
}
run_step() {  # run_step STEP: this script's STEP inside the chroot, niced
  cp installer/build_old_glibc.sh installer/glibc_compat.h "$ROOT/build/"
  in_chroot nice -n 10 bash /build/build_old_glibc.sh --in-chroot "$1"
}
# recipe_hash FUNCTION...: what a cached step depends on (its code, the header, the sources)
recipe_hash() {
  { for f in "$@"; do declare -f "$f"; done
    declare -f unpack compat_flags
    cat installer/glibc_compat.h
    echo "$COMPAT $PYPREFIX"
    ls "$ROOT/build/sources"; } | sha256sum | cut -c1-16
}
timed() {  # timed TITLE CMD...: runs CMD, prints how long it took
  local title=$1 t0
  shift
  t0=$(date +%s)
  echo "== $title"
  "$@"
  echo "   $title：$(( $(date +%s) - t0 )) 秒"
}

step_chroot() {
  # What this machine needs: debootstrap; objdump for build_deb.sh; Python 3 for the checker
  # and build_deb.sh.
  local tools=(debootstrap:debootstrap objdump:binutils python3:python3) missing=() t
  for t in "${tools[@]}"; do command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ ! -f "$ROOT/.jifen-debootstrap-done" ]; then
    [ -e "$ROOT" ] && remove_chroot   # an interrupted debootstrap
    debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" > "$CACHE/debootstrap.log" 2>&1 ||
      { tail -20 "$CACHE/debootstrap.log"; exit 1; }
    touch "$ROOT/.jifen-debootstrap-done"
  fi
  mount_chroot
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  mkdir -p "$ROOT/build/sources" "$ROOT/build/work"
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb-src %s bookworm main\n' \
    "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" "$MIRROR" > "$ROOT/etc/apt/sources.list"
  # This machine's own certificate authorities (a proxy's), so that pip in the chroot reaches
  # PyPI as it does here.
  local cas=() stamp
  mapfile -t cas < <(find /usr/local/share/ca-certificates -name '*.crt' 2>/dev/null | sort)
  stamp="$ROOT/.jifen-packages-$( { echo "${PACKAGES[*]}"; cat "${cas[@]}" /dev/null; } | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    mkdir -p "$ROOT/usr/local/share/ca-certificates"
    [ ${#cas[@]} -eq 0 ] || cp "${cas[@]}" "$ROOT/usr/local/share/ca-certificates/"
    in_chroot apt-get update -qq
    in_chroot apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" > "$CACHE/apt.log" 2>&1 ||
      { tail -20 "$CACHE/apt.log"; exit 1; }
    in_chroot update-ca-certificates >/dev/null 2>&1
    rm -f "$ROOT"/.jifen-packages-*
    touch "$stamp"
  fi
}

step_sources() {
  local missing=() name
  for name in "${SOURCES[@]}"; do
    ls "$ROOT/build/sources/${name}"_*.dsc >/dev/null 2>&1 || missing+=("$name")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    in_chroot apt-get update -qq
    in_chroot sh -c "cd /build/sources && apt-get source -qq --download-only ${missing[*]}" >/dev/null
  fi
  # Debian 11 has no libxcb-cursor0 (Qt's xcb platform needs it since 6.5): Debian 12's, a
  # small library that needs glibc 2.8 and Debian 11's xcb libraries, fetched here.
  if ! ls "$ROOT"/build/sources/libxcb-cursor0_*_amd64.deb >/dev/null 2>&1; then
    (cd "$ROOT/build/sources" && { apt-get download -qq libxcb-cursor0 2>/dev/null ||
      { apt-get update -qq && apt-get download -qq libxcb-cursor0; }; })
  fi
  # shellcheck disable=SC2016  # dpkg-query's format
  if ! in_chroot dpkg-query -W -f='${Status}' libxcb-cursor0 2>/dev/null | grep -q "install ok installed"; then
    in_chroot sh -c 'dpkg -i /build/sources/libxcb-cursor0_*_amd64.deb' >/dev/null
  fi
  local f
  for f in "$ROOT"/build/sources/*.dsc "$ROOT"/build/sources/*.deb; do echo "   ${f##*/}"; done
}

step_compat() {
  local stamp
  stamp="$ROOT$COMPAT/.built-$(recipe_hash in_compat)"
  if [ -f "$stamp" ]; then echo "   （已缓存）"; return; fi
  run_step compat
  touch "$stamp"
}

step_python() {
  local stamp
  stamp="$ROOT$PYPREFIX/.built-$(recipe_hash in_compat in_python)"
  if [ -f "$stamp" ]; then echo "   （已缓存）"; return; fi
  run_step python
  touch "$stamp"
}

step_onefolder() {
  # A copy of this working tree (what build_onefolder.sh here would package), without the
  # build outputs, virtual environments and git; the build environment stays in /build/venv.
  rm -rf "$ROOT/build/src"
  mkdir -p "$ROOT/build/src"
  tar -C . --exclude=./.git --exclude=./build --exclude=./dist --exclude='./.venv*' \
    --exclude=./venv --exclude='__pycache__' --exclude='*.egg-info' --exclude=./shots \
    --exclude=./demo-data --exclude=./.pytest_cache --exclude=./.mypy_cache \
    --exclude=./.ruff_cache -cf - . | tar -C "$ROOT/build/src" -xf -
  # build_onefolder.sh runs scripts/setup (Debian 12 packages) unless libxcb-cursor0 is
  # installed: it is (step_sources), and the chroot has the rest.
  # LD_LIBRARY_PATH: PyInstaller (ldd) collects the rebuilt libraries, not Debian 11's.
  in_chroot sh -c "cd /build/src && nice -n 10 env VENV=/build/venv PYTHON=$PYPREFIX/bin/python3.11 \
    JIFEN_PYSIDE6='$PYSIDE6' LD_LIBRARY_PATH=$COMPAT/lib installer/build_onefolder.sh"
  rm -rf dist/jifen
  mkdir -p dist
  cp -a "$ROOT/build/src/dist/jifen" dist/jifen
}

step_test_deb() {
  # installer/test_deb.sh in the chroot: apt-get install on Debian 11 (its libc6 2.31 and its
  # packages for the Depends), the program used as an ordinary user, removed and purged.
  local deb
  # shellcheck disable=SC2012  # our own file names
  deb=$(ls -t dist/jifen-desktop_*_amd64.deb | head -1)
  cp "$deb" "$ROOT/build/src/dist/"
  in_chroot sh -c "cd /build/src && installer/test_deb.sh dist/${deb##*/}"
}

timed "1. Debian $SUITE 的 chroot（$ROOT）" step_chroot
timed "2. Debian 12 的源码包" step_sources
timed "3. SQLite、libpng、libdbus（$COMPAT）" step_compat
timed "4. Python 3.11（$PYPREFIX）" step_python
timed "5. 单目录程序（PySide6 $PYSIDE6）" step_onefolder
timed "6. 检查 glibc 版本" python3 installer/check_glibc.py -q dist/jifen
timed "7. 在 glibc 2.31 上启动" run_step try
timed "8. Debian 安装包" installer/build_deb.sh --no-rebuild
[ "$TEST" = 0 ] || timed "9. 在 Debian 11 上安装、使用、卸载（test_deb.sh）" step_test_deb
echo "旧 glibc 版安装包做好了，总用时 $(( $(date +%s) - started )) 秒"
