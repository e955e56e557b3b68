#!/usr/bin/env bash
# Compile the Windows installer script (installer/windows/jifen.nsi) with makensis on Linux,
# warnings as errors, against a stand-in for the Windows one-folder build (dummy .exe files
# and a few resources: the real one can only be built on Windows), then list the setup.exe
# with 7-Zip to see that it carries the program's files. Installs nsis and p7zip-full when
# they are missing (apt-get, root or sudo). Prints the compile time.
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$(date +%s)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
missing=()
command -v makensis >/dev/null 2>&1 || missing+=(nsis)
command -v 7z >/dev/null 2>&1 || missing+=(p7zip-full)
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装 ${missing[*]} ……"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
standin=$work/jifen
mkdir -p "$standin/_internal/resources/icons" "$standin/_internal/jifen_desktop/migrations"
printf 'MZ stand-in for the PyInstaller build\n' > "$standin/jifen-desktop.exe"
printf 'MZ stand-in for the PyInstaller build\n' > "$standin/jifen.exe"
cp resources/rule_template.json "$standin/_internal/resources/"
cp resources/icons/jifen.ico "$standin/_internal/resources/icons/"
cp jifen_desktop/migrations/env.py "$standin/_internal/jifen_desktop/migrations/"

setup=$work/jifen-desktop-$VERSION-setup.exe
makensis -V2 -WX -DVERSION="$VERSION" -DSOURCE_DIR="$standin" -DOUT_FILE="$setup" \
  installer/windows/jifen.nsi
[ "$(head -c 2 "$setup")" = "MZ" ] || { echo "错误：$setup 不是 Windows 程序" >&2; exit 1; }

listing=$(7z l "$setup")
for f in jifen-desktop.exe jifen.exe _internal/resources/rule_template.json \
  _internal/resources/icons/jifen.ico _internal/jifen_desktop/migrations/env.py; do
  grep -q -F "$f" <<<"$listing" || { echo "错误：安装程序里没有 $f" >&2; echo "$listing" >&2; exit 1; }
done
echo "makensis 编译通过：$(basename "$setup")（替身程序，$(stat -c %s "$setup") 字节），用时 $(( $(date +%s) - started )) 秒"
