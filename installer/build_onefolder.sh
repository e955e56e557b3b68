#!/usr/bin/env bash
# Build the one-folder program of 积分台账 with PyInstaller on Linux: dist/jifen/ holding
# jifen-desktop (the desktop program), jifen (the command line) and their shared _internal/.
# Uses a build environment .venv-build (made here: the program's dependencies and PyInstaller).
# JIFEN_PYSIDE6=6.8.* builds with another PySide6 (e.g. for older systems, see README.md).
# Ends with a quick check of the folder: both programs start, the command line makes a demo
# village and the desktop program shows its window offscreen. Prints the folder's size.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
VENV=${VENV:-.venv-build}
PYTHON=${PYTHON:-python3}
PYSIDE6=${JIFEN_PYSIDE6:-}

if ! dpkg-query -W -f='${Status}' libxcb-cursor0 2>/dev/null | grep -q "install ok installed"; then
  ./scripts/setup  # the Qt libraries PyInstaller must find to collect Qt's plugins
fi
if ! command -v objdump >/dev/null 2>&1 || ! command -v strip >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "安装 binutils（PyInstaller 和打包脚本要用 objdump、strip）……"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends binutils >/dev/null
fi

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
stamp="$VENV/.installed-$(cat pyproject.toml installer/build_onefolder.sh | sha256sum | cut -c1-16)-${PYSIDE6//[^0-9a-z]/_}"
if [ ! -f "$stamp" ]; then
  echo "准备打包环境 $VENV ……"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q . "pyinstaller>=6.10,<7" ${PYSIDE6:+"PySide6==$PYSIDE6"}
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi

echo "PyInstaller 打包（PySide6 $("$VENV/bin/python" -c 'import PySide6; print(PySide6.__version__)')）……"
rm -rf dist/jifen
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/jifen.spec 2>&1 |
  grep -v -e "INFO: setup plugin" -e "Ignoring icon" -e "could not resolve 'lib\(gdk\|gtk\)-3" || true
if [ ! -x dist/jifen/jifen ] || [ ! -x dist/jifen/jifen-desktop ]; then
  echo "错误：打包失败" >&2
  exit 1
fi

check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
dist/jifen/jifen --help >/dev/null
dist/jifen/jifen --data-dir "$check/data" demo --households 5 --years 1 >/dev/null 2>&1
QT_QPA_PLATFORM=offscreen dist/jifen/jifen-desktop --data-dir "$check/data" --smoke-test

echo "单目录程序：dist/jifen，$(du -sh dist/jifen | cut -f1)，用时 $(( $(date +%s) - started )) 秒"
