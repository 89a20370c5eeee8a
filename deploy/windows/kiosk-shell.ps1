<#
.SYNOPSIS
  The kiosk account's shell: starts the kiosk app, starts it again whenever it exits, and waits
  while the install helper installs an update.
.DESCRIPTION
  Set-KioskShell.ps1 copies this file to %ProgramData%\nu-cuoi\ and makes it the kiosk account's
  shell (Shell Launcher v2), run hidden by powershell.exe. While %ProgramData%\nu-cuoi\updates\installing
  exists (install-update.ps1 makes it for the length of an install), it does not start the app, so
  the installer can replace the app's files; then it starts the new version.
.PARAMETER AppPath
  The kiosk app (default Program Files\Nụ cười\nu-cuoi.exe, where the installer puts it).
.NOTES
  Editions: Windows 10/11 Enterprise, Education, IoT Enterprise (as the Shell Launcher shell)
  Run as:   the kiosk account (Shell Launcher starts it at logon); not as an administrator
  Undo:     Undo-KioskLockdown.ps1 (gives the account Explorer back)
#>
[CmdletBinding()]
param(
  [string] $AppPath = (Join-Path $env:ProgramFiles 'Nụ cười\nu-cuoi.exe')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Continue'

$installing = Join-Path $env:ProgramData 'nu-cuoi\updates\installing'
$backoff = 2
while ($true) {
  if (Test-Path -LiteralPath $installing) {
    Start-Sleep -Seconds 5
    continue
  }
  if (-not (Test-Path -LiteralPath $AppPath)) {
    Start-Sleep -Seconds 10
    continue
  }
  $started = Get-Date
  try {
    $process = Start-Process -FilePath $AppPath -PassThru
    $process.WaitForExit()
  } catch {
    Start-Sleep -Seconds 10
  }
  # An app that ran a while is restarted at once; one that keeps exiting, ever more slowly (to 60 s).
  if (((Get-Date) - $started).TotalSeconds -gt 60) { $backoff = 2 } else { $backoff = [Math]::Min($backoff * 2, 60) }
  Start-Sleep -Seconds $backoff
}
