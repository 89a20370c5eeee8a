; What the Nụ cười installer adds to electron-builder's per-machine NSIS installer
; (electron-builder.yml nsis.include; docs/packaging.md, docs/deploy.en.md):
;
;  - a provisioning file (server address, enrolment code, the province's release key), given as
;    /PROVISION=<path> or placed next to the installer as provisioning.json, copied to
;    %ProgramData%\nu-cuoi\provisioning.json, which only administrators may change. A given file
;    that is missing, or lacks those fields, stops the install before anything is installed
;    (exit code 2); the kiosk checks the rest (address, key, expiry) at its start.
;  - the machine folders: %ProgramData%\nu-cuoi (administrators; users read),
;    updates\inbox (the kiosk account hands verified updates there), updates\staging (SYSTEM only).
;  - the scheduled task \nu-cuoi\install-update, running resources\deploy\windows\install-update.ps1
;    as SYSTEM every 5 minutes: it installs a verified update from the inbox (docs/updates.md).
;  - autostart at logon for every account (the common Startup folder).
;  - uninstalling keeps the kiosk's data and the provisioning; /PURGE removes %ProgramData%\nu-cuoi
;    too. An update (--updated, as the install helper runs it) leaves the task and the folders alone.
;
; Checked by tests/packaging/nsis-include.test.ts with Debian's makensis.

!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define NUCUOI_MACHINE_FOLDER "nu-cuoi"
!define NUCUOI_TASK "nu-cuoi\install-update"
; Well-known SIDs, so that the ACLs do not depend on the language of Windows.
!define NUCUOI_SID_SYSTEM "*S-1-5-18"
!define NUCUOI_SID_ADMINS "*S-1-5-32-544"
!define NUCUOI_SID_USERS "*S-1-5-32-545"

!ifndef BUILD_UNINSTALLER
  Var NuCuoiProvisioning
  Var NuCuoiUpdating

  ; Sets $R9 to 1 when the file at $R8 names every field a provisioning file needs, else 0.
  ; Uses $R0-$R7 and gives them back as they were.
  Function NuCuoiCheckProvisioning
    Push $R0
    Push $R1
    Push $R2
    Push $R3
    Push $R4
    Push $R5
    Push $R6
    Push $R7
    StrCpy $R9 0
    StrCpy $R5 ""
    ClearErrors
    FileOpen $R0 "$R8" r
    ${IfNot} ${Errors}
      ; The whole file, line by line (a provisioning file is a few hundred bytes).
      ${Do}
        ClearErrors
        FileRead $R0 $R1
        ${If} ${Errors}
          ${ExitDo}
        ${EndIf}
        StrCpy $R5 "$R5$R1"
      ${Loop}
      FileClose $R0
      StrCpy $R9 1
      ${ForEach} $R2 1 3 + 1
        ${If} $R2 == 1
          StrCpy $R6 '"serverUrl"'
        ${ElseIf} $R2 == 2
          StrCpy $R6 '"enrollmentCode"'
        ${Else}
          StrCpy $R6 '"updatePublicKey"'
        ${EndIf}
        Call NuCuoiContains
        ${If} $R7 != 1
          StrCpy $R9 0
        ${EndIf}
      ${Next}
    ${EndIf}
    Pop $R7
    Pop $R6
    Pop $R5
    Pop $R4
    Pop $R3
    Pop $R2
    Pop $R1
    Pop $R0
  FunctionEnd

  ; $R7 = 1 when $R6 occurs in $R5, else 0 (uses $R3 and $R4).
  Function NuCuoiContains
    StrLen $R3 $R6
    StrCpy $R4 0
    StrCpy $R7 0
    ${Do}
      StrCpy $R0 $R5 $R3 $R4
      ${If} $R0 == ""
        ${ExitDo}
      ${EndIf}
      ${If} $R0 == $R6
        StrCpy $R7 1
        ${ExitDo}
      ${EndIf}
      IntOp $R4 $R4 + 1
    ${Loop}
  FunctionEnd
!endif

!macro customInit
  StrCpy $NuCuoiProvisioning ""
  StrCpy $NuCuoiUpdating 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "--updated" $R1
  ${IfNot} ${Errors}
    StrCpy $NuCuoiUpdating 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/PROVISION=" $R1
  ${IfNot} ${Errors}
    ${IfNot} ${FileExists} "$R1"
      MessageBox MB_OK|MB_ICONSTOP "Không tìm thấy tệp cấu hình: $R1$\r$\nProvisioning file not found: $R1" /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
    StrCpy $NuCuoiProvisioning "$R1"
  ${ElseIf} ${FileExists} "$EXEDIR\provisioning.json"
    StrCpy $NuCuoiProvisioning "$EXEDIR\provisioning.json"
  ${EndIf}
  ${If} $NuCuoiProvisioning != ""
    StrCpy $R8 "$NuCuoiProvisioning"
    Call NuCuoiCheckProvisioning
    ${If} $R9 != 1
      MessageBox MB_OK|MB_ICONSTOP "Tệp cấu hình thiếu serverUrl, enrollmentCode hoặc updatePublicKey: $NuCuoiProvisioning$\r$\nThe provisioning file lacks serverUrl, enrollmentCode or updatePublicKey: $NuCuoiProvisioning" /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
  ${EndIf}
!macroend

!macro customInstall
  ReadEnvStr $R0 "PROGRAMDATA"
  StrCpy $R0 "$R0\${NUCUOI_MACHINE_FOLDER}"
  CreateDirectory "$R0\updates\inbox"
  CreateDirectory "$R0\updates\staging"
  ; Administrators and SYSTEM change the machine folder; users only read it (the pinned key is there)…
  nsExec::ExecToLog 'icacls "$R0" /inheritance:r /grant:r "${NUCUOI_SID_SYSTEM}:(OI)(CI)F" "${NUCUOI_SID_ADMINS}:(OI)(CI)F" "${NUCUOI_SID_USERS}:(OI)(CI)RX"'
  Pop $R1
  ; …except the inbox, where the kiosk account leaves a verified update…
  nsExec::ExecToLog 'icacls "$R0\updates\inbox" /grant:r "${NUCUOI_SID_USERS}:(OI)(CI)M"'
  Pop $R1
  ; …and the helper's staging folder, which users may not even read.
  nsExec::ExecToLog 'icacls "$R0\updates\staging" /inheritance:r /grant:r "${NUCUOI_SID_SYSTEM}:(OI)(CI)F" "${NUCUOI_SID_ADMINS}:(OI)(CI)F"'
  Pop $R1
  ${If} $NuCuoiProvisioning != ""
    CopyFiles /SILENT "$NuCuoiProvisioning" "$R0\provisioning.json"
  ${EndIf}
  ; The install helper (docs/updates.md). An update run by the helper itself leaves its task alone.
  ${If} $NuCuoiUpdating != 1
    nsExec::ExecToLog 'schtasks /Create /F /TN "${NUCUOI_TASK}" /RU SYSTEM /RL HIGHEST /SC MINUTE /MO 5 /TR "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File \"$INSTDIR\resources\deploy\windows\install-update.ps1\""'
    Pop $R1
  ${EndIf}
  ; Autostart at logon, for every account (the kiosk account's autologon starts it).
  CreateShortCut "$SMSTARTUP\${PRODUCT_FILENAME}.lnk" "$appExe" "" "$appExe" 0
!macroend

!macro customUnInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "--updated" $R1
  ${If} ${Errors}
    ; A real uninstall (not an update): the task and the autostart go; data stays unless /PURGE.
    nsExec::ExecToLog 'schtasks /Delete /F /TN "${NUCUOI_TASK}"'
    Pop $R1
    Delete "$SMSTARTUP\${PRODUCT_FILENAME}.lnk"
    ClearErrors
    ${GetOptions} $R0 "/PURGE" $R1
    ${IfNot} ${Errors}
      ReadEnvStr $R2 "PROGRAMDATA"
      RMDir /r "$R2\${NUCUOI_MACHINE_FOLDER}"
    ${EndIf}
  ${EndIf}
!macroend
