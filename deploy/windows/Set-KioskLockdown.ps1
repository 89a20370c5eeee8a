<#
.SYNOPSIS
  Locks a Windows PC down as a Nụ cười kiosk in one go, choosing what the edition allows.
.DESCRIPTION
  After the app is installed (nu-cuoi-setup-<version>-x64.exe /S, with its provisioning file),
  runs in order:
    New-KioskAccount.ps1                 the kiosk account, logged on automatically
    (first logon, to create the account's profile: the PC restarts once if it never logged on)
    Set-KioskShell.ps1 + Set-KeyboardFilter.ps1   on Enterprise, Education, IoT Enterprise
    Set-KioskAssignedAccess.ps1          on Pro (no Shell Launcher, no Keyboard Filter there)
    Set-KioskTouchAndNotifications.ps1   edge swipes, notifications, Windows Ink off
    Set-KioskPower.ps1                   no sleep, no screen off, no hibernation
    Set-WindowsUpdateHours.ps1           Windows Update outside the opening hours
  Each script can also be run on its own; each says which editions it needs.
.PARAMETER UserName
  The kiosk account (default nucuoi).
.PARAMETER OpeningHours
  "HH:MM-HH:MM", local time (default "07:00-17:30"), for Windows Update's active hours.
.EXAMPLE
  .\Set-KioskLockdown.ps1 -UserName nucuoi -OpeningHours 07:00-17:30
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise (Home is refused)
  Run as:   an administrator (elevated PowerShell)
  Undo:     Undo-KioskLockdown.ps1
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
  [string] $UserName = 'nucuoi',
  [string] $OpeningHours = '07:00-17:30'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

$edition = Get-WindowsEditionId
if ($edition -match '^Core') { throw "Windows Home ($edition) cannot be locked down as a kiosk: use Pro, Enterprise, Education or IoT Enterprise." }
Get-NuCuoiInstallDir | Out-Null

& (Join-Path $PSScriptRoot 'New-KioskAccount.ps1') -UserName $UserName
$sid = (New-Object Security.Principal.NTAccount($UserName)).Translate([Security.Principal.SecurityIdentifier]).Value
if (-not (Test-Path -LiteralPath "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$sid")) {
  Write-Output "$UserName has never logged on: restart the PC (it logs on by itself), sign out, sign in as an administrator and run this script again."
  return
}
if (Test-ShellLauncherEdition) {
  & (Join-Path $PSScriptRoot 'Set-KioskShell.ps1') -UserName $UserName
  & (Join-Path $PSScriptRoot 'Set-KeyboardFilter.ps1')
} else {
  & (Join-Path $PSScriptRoot 'Set-KioskAssignedAccess.ps1') -UserName $UserName
}
& (Join-Path $PSScriptRoot 'Set-KioskTouchAndNotifications.ps1') -UserName $UserName
& (Join-Path $PSScriptRoot 'Set-KioskPower.ps1') -UserName $UserName
& (Join-Path $PSScriptRoot 'Set-WindowsUpdateHours.ps1') -OpeningHours $OpeningHours
Write-Output "Kiosk lockdown done for $UserName on Windows $edition. Restart the PC."
