<#
.SYNOPSIS
  Windows Update never restarts the kiosk while the centre is open: active hours cover the
  opening hours, and updates install outside them.
.DESCRIPTION
  Sets the Windows Update policies: active hours (when Windows does not restart for updates) from
  the opening time to the closing time (Windows allows at most 18 hours), automatic download and
  scheduled install every day at the given hour, outside the opening hours. The kiosk app's own
  updates follow its quiet hours (the updateQuietHours setting), which should lie outside the same
  opening hours.
.PARAMETER OpeningHours
  "HH:MM-HH:MM" in local time, for instance "07:00-17:30" (the default).
.PARAMETER InstallHour
  The hour (0-23) at which Windows installs updates, outside the opening hours (default 3).
.EXAMPLE
  .\Set-WindowsUpdateHours.ps1 -OpeningHours 07:00-17:30 -InstallHour 3
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise (policies are not honoured on Home)
  Run as:   an administrator (elevated PowerShell)
  Undo:     Undo-KioskLockdown.ps1
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
  [ValidatePattern('^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$')]
  [string] $OpeningHours = '07:00-17:30',
  [ValidateRange(0, 23)]
  [int] $InstallHour = 3
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

$open, $close = $OpeningHours.Split('-')
$start = [int]$open.Split(':')[0]
# Active hours are whole hours: a closing at 17:30 needs 18.
$end = [int]$close.Split(':')[0] + ([int]$close.Split(':')[1] -gt 0)
$end = $end % 24
$span = ($end - $start + 24) % 24
if ($span -eq 0 -or $span -gt 18) { throw "Windows allows active hours of 1 to 18 hours; $OpeningHours gives $span." }
if (($InstallHour - $start + 24) % 24 -lt $span) { throw "The install hour $InstallHour falls within the opening hours $OpeningHours." }

$wu = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate'
Set-RegistryValue -Path $wu -Name 'SetActiveHours' -Value 1
Set-RegistryValue -Path $wu -Name 'ActiveHoursStart' -Value $start
Set-RegistryValue -Path $wu -Name 'ActiveHoursEnd' -Value $end
# 4 = download automatically and install at the scheduled time; every day (0) at InstallHour.
Set-RegistryValue -Path "$wu\AU" -Name 'NoAutoUpdate' -Value 0
Set-RegistryValue -Path "$wu\AU" -Name 'AUOptions' -Value 4
Set-RegistryValue -Path "$wu\AU" -Name 'ScheduledInstallDay' -Value 0
Set-RegistryValue -Path "$wu\AU" -Name 'ScheduledInstallTime' -Value $InstallHour
Write-Output "Windows Update: no restart from ${start}:00 to ${end}:00; installs every day at ${InstallHour}:00."
