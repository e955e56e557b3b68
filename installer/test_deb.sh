#!/usr/bin/env bash
# Install test of the Debian package, as a clerk would use it, on this machine (root or sudo):
# apt-get install ./jifen-desktop_*.deb; jifen and jifen-desktop on the PATH; the menu entry
# and its icon; Installed-Size; as an ordinary user (not root): a demo village in the default
# data folder, a PDF notice, the desktop program shown offscreen and on an X server (Xvfb);
# then apt-get remove and purge: the program is gone, the user's data folder is still there.
# Usage: installer/test_deb.sh [file.deb]   (no file: builds it first with build_deb.sh)
# Prints the .deb size, the build time and the install/remove test time.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PACKAGE=jifen-desktop
fail() { echo "失败：$*" >&2; exit 1; }
pass() { echo "  通过：$*"; }

deb=${1:-}
build_time="（用现成的安装包）"
if [ -z "$deb" ]; then
  build_started=$(date +%s)
  installer/build_deb.sh
  build_time="$(( $(date +%s) - build_started )) 秒"
  # shellcheck disable=SC2012  # our own file names
  deb=$(ls -t dist/${PACKAGE}_*_amd64.deb | head -1)
fi
[ -f "$deb" ] || fail "没有安装包 $deb"
deb=$(realpath "$deb")
started=$(date +%s)

work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
echo "安装 $deb ……"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get install"; }
[ "$(dpkg-query -W -f='${Status}' $PACKAGE)" = "install ok installed" ] || fail "没有装上"
pass "apt-get install"

[ "$(command -v jifen)" = /usr/bin/jifen ] || fail "jifen 不在 PATH 上"
jifen --help | grep -q "积分台账" || fail "jifen --help"
[ "$(readlink -f /usr/bin/jifen-desktop)" = /opt/jifen-desktop/jifen-desktop ] || fail "/usr/bin/jifen-desktop"
pass "jifen --help，/usr/bin/jifen-desktop"

desktop=/usr/share/applications/$PACKAGE.desktop
grep -qx "Name=积分台账" "$desktop" || fail "菜单项名称"
grep -qx "Categories=Office;" "$desktop" || fail "菜单项分类"
exec_path=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ -x "$exec_path" ] || fail "菜单项的程序 $exec_path 不能运行"
icon=$(sed -n 's/^Icon=//p' "$desktop")
for size in 48x48 128x128 256x256 scalable; do
  ls /usr/share/icons/hicolor/$size/apps/"$icon".* >/dev/null 2>&1 || fail "缺 $size 图标"
done
if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$desktop"; fi
pass "菜单项 $desktop、图标 $icon"

declared=$(dpkg-query -W -f='${Installed-Size}' $PACKAGE)
actual=$(dpkg -L $PACKAGE | while read -r p; do if [ -f "$p" ] && [ ! -L "$p" ]; then echo "$p"; fi; done |
  tr '\n' '\0' | du -sk --files0-from=- -c | tail -1 | cut -f1)
percent=$(( declared * 100 / actual ))
if [ "$percent" -lt 98 ] || [ "$percent" -gt 105 ]; then
  fail "Installed-Size $declared KiB，实际 $actual KiB"
fi
pass "Installed-Size $declared KiB（文件共 $actual KiB）"

# An ordinary user with an empty home: the data goes to the default folder.
home=$work/home
mkdir -p "$home"
as_user=(env -u XDG_DATA_HOME -u JIFEN_DATA_DIR -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM HOME="$home")
if [ "$(id -u)" -eq 0 ]; then
  chown nobody:nogroup "$home"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${as_user[@]}")
fi
data=$home/.local/share/$PACKAGE
"${as_user[@]}" jifen demo --households 20 --years 1 >"$work/demo.log" 2>&1 ||
  { cat "$work/demo.log" >&2; fail "jifen demo"; }
[ -f "$data/ledger.sqlite3" ] || fail "演示村不在默认数据目录 $data"
ranking=$("${as_user[@]}" JIFEN_USER=admin JIFEN_PASSWORD=jifen123 jifen rank --period all --top 3)
[ "$(echo "$ranking" | grep -c '^ *[0-9]  ')" -ge 3 ] || fail "jifen rank：$ranking"
"${as_user[@]}" JIFEN_USER=admin JIFEN_PASSWORD=jifen123 jifen report notice \
  --quarter "$(date +%Y)Q1" --out "$home/公示表.pdf" >/dev/null || fail "jifen report notice"
head -c 5 "$home/公示表.pdf" | grep -q "%PDF-" || fail "公示表不是 PDF"
pass "普通用户：演示村在 $data，排名，公示表 PDF"

"${as_user[@]}" QT_QPA_PLATFORM=offscreen jifen-desktop --smoke-test || fail "桌面程序（offscreen）"
if command -v xvfb-run >/dev/null 2>&1; then
  "${as_user[@]}" xvfb-run -a -s "-screen 0 1366x768x24" jifen-desktop --smoke-test ||
    fail "桌面程序（Xvfb，xcb）"
fi
pass "桌面程序显示主窗口后正常退出"

apt() {
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "$@" -y -qq >"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log" >&2; fail "apt-get $*"; }
}
gone() {
  [ ! -e /opt/jifen-desktop ] || fail "$1 后 /opt/jifen-desktop 还在：$(find /opt/jifen-desktop | head -5)"
  if [ -e /usr/bin/jifen ] || [ -e "$desktop" ]; then fail "$1 后命令或菜单项还在"; fi
  ! dpkg-query -W -f='${Status}' $PACKAGE 2>/dev/null | grep -q " installed" || fail "$1 后还登记为已安装"
  [ -f "$data/ledger.sqlite3" ] || fail "$1 把数据删了"
}
apt remove $PACKAGE
gone "apt-get remove"
apt install "$deb"
apt purge $PACKAGE
gone "apt-get purge"
pass "apt-get remove，再装上后 purge：程序都删了，数据目录还在"

echo "安装包 $(basename "$deb")：$(du -h "$deb" | cut -f1)（$(stat -c %s "$deb") 字节）；打包用时 $build_time；安装—卸载测试用时 $(( $(date +%s) - started )) 秒"
