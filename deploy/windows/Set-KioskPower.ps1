<#
.SYNOPSIS
  The kiosk never sleeps, never turns its screen off, never hibernates, and keeps its USB touch
  screen and badge reader awake; the power button shuts it down cleanly.
.DESCRIPTION
  On the active power plan, on mains and on battery: screen, sleep, hibernate and disk timeouts
  never; hibernation (and with it Fast Startup, which skips the helper's start-up run) off; USB
  selective suspend off; the power button shuts down (every thanked rating is already on disk).
  The kiosk account gets no screen saver. The app itself also keeps the display awake while it
  runs (docs/electron-shell.md).
.PARAMETER UserName
  The kiosk account (default nucuoi); it must have logged on once.
.EXAMPLE
  .\Set-KioskPower.ps1 -UserName nucuoi
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise
  Run as:   an administrator (elevated PowerShell)
  Undo:     Undo-KioskLockdown.ps1 (restores Windows' default power plans)
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
  [string] $UserName = 'nucuoi'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

function Invoke-PowerCfg {
  & powercfg.exe @args
  if ($LASTEXITCODE -ne 0) { throw "powercfg $($args -join ' ') failed ($LASTEXITCODE)" }
}

foreach ($setting in 'monitor-timeout', 'standby-timeout', 'hibernate-timeout', 'disk-timeout') {
  Invoke-PowerCfg /change "$setting-ac" 0
  Invoke-PowerCfg /change "$setting-dc" 0
}
Invoke-PowerCfg /hibernate off
# USB selective suspend (USB settings → selective suspend): off.
$usb = '2a737441-1930-4402-8d77-b2bebba308a3'
$selectiveSuspend = '48e6b7a6-50f5-4782-a5d4-53bb8f07e226'
Invoke-PowerCfg /setacvalueindex SCHEME_CURRENT $usb $selectiveSuspend 0
Invoke-PowerCfg /setdcvalueindex SCHEME_CURRENT $usb $selectiveSuspend 0
# Power button (buttons → power button action): 3 = shut down.
Invoke-PowerCfg /setacvalueindex SCHEME_CURRENT SUB_BUTTONS PBUTTONACTION 3
Invoke-PowerCfg /setdcvalueindex SCHEME_CURRENT SUB_BUTTONS PBUTTONACTION 3
Invoke-PowerCfg /setactive SCHEME_CURRENT

Invoke-WithUserHive -UserName $UserName -Body {
  param($hive)
  Set-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\Control Panel\Desktop" -Name 'ScreenSaveActive' -Value '0' -Type String
}
Write-Output 'The kiosk never sleeps or blanks its screen; the power button shuts it down.'
