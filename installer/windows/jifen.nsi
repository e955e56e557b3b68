; Windows installer of 积分台账 (NSIS 3, Unicode): packs the PyInstaller one-folder build
; (dist\jifen: jifen-desktop.exe, jifen.exe, _internal\) into jifen-desktop-<version>-setup.exe.
; Chinese wizard: welcome, 说明 (readme), folder, install, finish with 运行积分台账; Start-menu
; and desktop shortcuts; an uninstaller in Add/Remove Programs that removes the program and
; keeps every user's data (%LOCALAPPDATA%\jifen-desktop, where platformdirs puts it).
;
; From the repository root on Windows (see installer\README.md):
;   makensis /DVERSION=0.1.0 installer\windows\jifen.nsi
; Optional: /DSOURCE_DIR=<one-folder build> /DOUT_FILE=<setup.exe> (paths relative to this
; file or absolute); installer/windows/test_nsis.sh compiles it against a stand-in folder.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "..\..\dist\jifen"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\..\dist\jifen-desktop-${VERSION}-setup.exe"
!endif
!define APP_NAME "积分台账"
!define APP_ID "jifen-desktop"
!define GUI_EXE "jifen-desktop.exe"
!define CLI_EXE "jifen.exe"
!define PUBLISHER "积分台账项目组"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR_TEXT "%LOCALAPPDATA%\jifen-desktop"

Name "${APP_NAME}"
Caption "${APP_NAME} ${VERSION} 安装"
UninstallCaption "卸载${APP_NAME}"
OutFile "${OUT_FILE}"
; An ASCII folder name: older tools and scripts of a village office trip over Chinese paths.
InstallDir "$PROGRAMFILES64\${APP_ID}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME}安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "..\..\resources\icons\jifen.ico"
!define MUI_UNICON "..\..\resources\icons\jifen.ico"
!define MUI_ABORTWARNING
!define MUI_ABORTWARNING_TEXT "确定要退出积分台账的安装吗？"

!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "这个向导将在电脑上安装${APP_NAME} ${VERSION}：村级积分制管理的离线桌面程序。$\r$\n$\r$\n已经装过旧版本的，直接安装新版本即可，台账数据不会受影响。$\r$\n$\r$\n点“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_HEADER_TEXT "使用说明"
!define MUI_PAGE_HEADER_SUBTEXT "安装之前请看一下：数据放在哪里，怎样卸载。"
!define MUI_LICENSEPAGE_TEXT_TOP "按 Page Down 键看后面的内容。"
!define MUI_LICENSEPAGE_TEXT_BOTTOM "看完后点“下一步”。"
!define MUI_LICENSEPAGE_BUTTON "下一步(&N) >"
!insertmacro MUI_PAGE_LICENSE "readme-zh.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP_NAME}已经装好"
!define MUI_FINISHPAGE_TEXT "开始菜单和桌面上都有“${APP_NAME}”。$\r$\n$\r$\n台账数据放在每个用户的 ${DATA_DIR_TEXT}，请定期备份到U盘。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "运行积分台账"
!insertmacro MUI_PAGE_FINISH

!define MUI_WELCOMEPAGE_TITLE "卸载${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "这个向导将从电脑上删除${APP_NAME}程序。$\r$\n$\r$\n台账数据不会删除：每个用户的数据在 ${DATA_DIR_TEXT}（例如 C:\Users\用户名\AppData\Local\jifen-desktop），重新安装后还能接着用。确实不再需要时，可以手工删除那个文件夹（删除前请先备份到U盘）。$\r$\n$\r$\n卸载前请先关闭${APP_NAME}。"
!insertmacro MUI_UNPAGE_WELCOME
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP_NAME}已经卸载"
!define MUI_FINISHPAGE_TEXT "程序已经删除。台账数据还在 ${DATA_DIR_TEXT}。"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP_NAME}需要 64 位的 Windows 10（1809 版或更新）或 Windows 11，这台电脑是 32 位系统，装不了。"
    Abort
  ${EndIf}
  ${IfNot} ${AtLeastBuild} 17763
    MessageBox MB_ICONSTOP "${APP_NAME}需要 Windows 10（1809 版或更新）或 Windows 11。这台电脑的 Windows 版本太旧，请先升级系统。"
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "${APP_NAME}" SectionProgram
  SectionIn RO
  SetShellVarContext all
  ; A new version replaces the old program files whole (a file the new build no longer has
  ; must not stay behind); the data is elsewhere and is not touched.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\卸载${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Comments" "卸载只删除程序；台账数据在 ${DATA_DIR_TEXT}，不会删除。"
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  ; Only what the installer put here: never RMDir /r $INSTDIR (it could be a folder the user
  ; chose that holds other things). The data folder is elsewhere and stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
