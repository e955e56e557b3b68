#!/usr/bin/env bash
# Build the Debian package of 积分台账 (for Debian-based Linux: Debian, UOS, Kylin):
#   /opt/jifen-desktop/                       the one-folder program (installer/build_onefolder.sh)
#   /usr/bin/jifen, /usr/bin/jifen-desktop    links to the command line and the desktop program
#   /usr/share/applications/jifen-desktop.desktop and the icons in /usr/share/icons/hicolor
# Depends: the system libraries the bundle does not carry (checked against the files' needs),
# the oldest glibc they allow, the data files the bundled libraries read, and a Chinese
# TrueType font for the PDFs. Compressed with xz: older dpkg (UOS, Kylin) cannot read zstd;
# JIFEN_DEB_XZ_LEVEL=9 makes a smaller file in more time (default 6, dpkg's own).
# Usage: installer/build_deb.sh [--no-rebuild]   (--no-rebuild: package dist/jifen as it is)
# Writes dist/jifen-desktop_<version>_amd64.deb and prints its size and the build time.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
PACKAGE=jifen-desktop
PREFIX=/opt/jifen-desktop
MAINTAINER=${JIFEN_DEB_MAINTAINER:-"积分台账项目组 <jifen-desktop@invalid>"}
VERSION=$("${PYTHON:-python3}" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
STAGE=build/deb/$PACKAGE
OUT=dist/${PACKAGE}_${VERSION}_amd64.deb

# What the bundle does not carry. System libraries: OpenGL/EGL (from the graphics driver),
# libxcb (tied to the X server), Wayland's client libraries; data files the bundled
# libraries read: fontconfig's configuration, the X keyboard layouts, X11's locale data.
SYSTEM_DEPENDS=(libgl1 libegl1 libxcb1 libwayland-client0 libwayland-cursor0 libwayland-egl1)
DATA_DEPENDS=(fontconfig-config xkb-data libx11-data)
# reportlab embeds only TrueType fonts (reports/fonts.py): not fonts-noto-cjk (OpenType/CFF).
FONT_DEPENDS="fonts-wqy-microhei | fonts-wqy-zenhei | fonts-droid-fallback | fonts-arphic-uming"

if [ "${1:-}" != "--no-rebuild" ]; then
  installer/build_onefolder.sh
fi
[ -x dist/jifen/jifen-desktop ] || { echo "错误：没有 dist/jifen，先运行 installer/build_onefolder.sh" >&2; exit 1; }

# The check below asks dpkg which package owns each library: they must be installed here.
missing=()
for pkg in "${SYSTEM_DEPENDS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "安装 ${missing[*]}（检查依赖要用）……"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "整理安装包内容……"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE$PREFIX" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/doc/$PACKAGE" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a dist/jifen/. "$STAGE$PREFIX/"
ln -s "$PREFIX/jifen" "$STAGE/usr/bin/jifen"
ln -s "$PREFIX/jifen-desktop" "$STAGE/usr/bin/jifen-desktop"
cp resources/jifen-desktop.desktop "$STAGE/usr/share/applications/"
cp resources/icons/jifen.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$PACKAGE.svg"
for size in 48 128 256; do
  mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x$size/apps"
  cp "resources/icons/jifen-$size.png" "$STAGE/usr/share/icons/hicolor/${size}x$size/apps/$PACKAGE.png"
done
cp installer/debian/copyright "$STAGE/usr/share/doc/$PACKAGE/copyright"
sed "s/@VERSION@/$VERSION/; s/@MAINTAINER@/$MAINTAINER/; s/@DATE@/$(date -R)/" \
  installer/debian/changelog | gzip -9n > "$STAGE/usr/share/doc/$PACKAGE/changelog.gz"
find "$STAGE" -type d -exec chmod 755 {} +
find "$STAGE" -type f -exec chmod 644 {} +
chmod 755 "$STAGE$PREFIX/jifen" "$STAGE$PREFIX/jifen-desktop"

# Every ELF file's needs: libraries not in the bundle must come from a declared package, and
# the newest glibc symbol version any file uses is the oldest libc6 the package accepts.
elfs=()
while IFS= read -r -d '' f; do
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = "177ELF" ] && elfs+=("$f")
done < <(find "$STAGE$PREFIX" -type f -print0)
glibc=$(objdump -T "${elfs[@]}" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
provided=$(find "$STAGE$PREFIX" \( -type f -o -type l \) -printf '%f\n' | sort -u)
needed=$(objdump -p "${elfs[@]}" 2>/dev/null | awk '/NEEDED/ {print $2}' | sort -u)
undeclared=()
for lib in $(comm -23 <(echo "$needed") <(echo "$provided")); do
  owner=$(dpkg -S "*/$lib" 2>/dev/null | grep -E "(amd64)?: /(usr/)?lib/x86_64-linux-gnu/$lib\$" | head -1 | cut -d: -f1 || true)
  case " libc6 ${SYSTEM_DEPENDS[*]} " in
    *" $owner "*) ;;
    *) undeclared+=("$lib（${owner:-不知道哪个包提供}）") ;;
  esac
done
if [ ${#undeclared[@]} -gt 0 ]; then
  echo "错误：程序要用的系统库没有写进 Depends：${undeclared[*]}" >&2
  exit 1
fi

depends="libc6 (>= $glibc)"
for pkg in "${SYSTEM_DEPENDS[@]}" "${DATA_DEPENDS[@]}"; do depends+=", $pkg"; done
depends+=", $FONT_DEPENDS"
cat > "$STAGE/DEBIAN/control" <<EOF
Package: $PACKAGE
Version: $VERSION
Architecture: amd64
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $depends
Recommends: xdg-utils
Section: misc
Priority: optional
Description: 积分台账：村级积分制管理的离线桌面程序
 给村两委、网格员和乡镇办用的积分制管理程序：农户积分录入、一月一审核、
 一季一公示、一票否决、积分超市、排名与评先评优，打印公示表和户积分卡，
 用U盘同步包把各村数据汇总到乡镇。不联网也能用。
 .
 桌面程序在办公菜单里（积分台账），命令行为 jifen。数据存放在每个用户
 自己的数据目录（~/.local/share/jifen-desktop），卸载程序不会删除数据。
EOF

echo "打包 $OUT（xz 压缩）……"
dpkg-deb --root-owner-group -Zxz "-z${JIFEN_DEB_XZ_LEVEL:-6}" --build "$STAGE" "$OUT" >/dev/null
if command -v lintian >/dev/null 2>&1; then
  # Tags that come with a bundled, prebuilt program under /opt; anything else is shown.
  lintian --suppress-tags-from-file installer/debian/lintian-ignored "$OUT" || true
fi
echo "Depends: $depends"
echo "安装包：$OUT，$(du -h "$OUT" | cut -f1)（$(stat -c %s "$OUT") 字节），安装后 $(du -sh --exclude=DEBIAN "$STAGE" | cut -f1)，glibc ≥ $glibc，用时 $(( $(date +%s) - started )) 秒"
