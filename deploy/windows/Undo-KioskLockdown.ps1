<#
.SYNOPSIS
  Undoes the lockdown scripts: Explorer back for the kiosk account, no Assigned Access, no
  Keyboard Filter, no autologon, the policies removed, Windows' default power plans.
.DESCRIPTION
  For IT staff taking a kiosk out of service or repairing it. The app, its data (the kiosk
  account's %APPDATA%\Nụ cười: unsent ratings) and %ProgramData%\nu-cuoi (provisioning) stay; the
  kiosk account stays unless -RemoveAccount is given. Uninstall the app with its uninstaller
  (/S; /PURGE also removes %ProgramData%\nu-cuoi).
.PARAMETER UserName
  The kiosk account (default nucuoi).
.PARAMETER RemoveAccount
  Also deletes the kiosk account (its profile folder stays until removed in System settings).
.PARAMETER ApplyAsSystem
  Internal: the part run as SYSTEM (the MDM bridge of Assigned Access and Shell Launcher).
.EXAMPLE
  .\Undo-KioskLockdown.ps1 -UserName nucuoi
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise
  Run as:   an administrator (elevated PowerShell); the MDM part runs as SYSTEM by itself
  Undo:     Set-KioskLockdown.ps1 locks it down again
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
  [string] $UserName = 'nucuoi',
  [switch] $RemoveAccount,
  [switch] $ApplyAsSystem
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

if ($ApplyAsSystem) {
  $bridge = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_AssignedAccess'
  # An empty value removes the configuration.
  $bridge.Configuration = $null
  if (Test-ShellLauncherEdition) { $bridge.ShellLauncher = $null }
  Set-CimInstance -CimInstance $bridge
  return
}

Invoke-AsSystem -ScriptPath $PSCommandPath -Arguments @('-UserName', $UserName, '-ApplyAsSystem')
foreach ($feature in 'Client-KeyboardFilter', 'Client-EmbeddedShellLauncher') {
  $state = Get-WindowsOptionalFeature -Online -FeatureName $feature -ErrorAction SilentlyContinue
  if ($state -and $state.State -eq 'Enabled') { Disable-WindowsOptionalFeature -Online -FeatureName $feature -NoRestart | Out-Null }
}

$winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
Set-RegistryValue -Path $winlogon -Name 'AutoAdminLogon' -Value '0' -Type String
Remove-RegistryValue -Path $winlogon -Name 'DefaultPassword'
# The password autologon kept as an LSA secret goes too.
Set-AutologonPassword ''

foreach ($policy in @(
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI', 'AllowEdgeSwipe'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\WindowsInkWorkspace', 'AllowWindowsInkWorkspace'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\CloudContent', 'DisableWindowsConsumerFeatures'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\CloudContent', 'DisableSoftLanding'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate', 'SetActiveHours'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate', 'ActiveHoursStart'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate', 'ActiveHoursEnd'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU', 'AUOptions'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU', 'ScheduledInstallDay'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU', 'ScheduledInstallTime'),
    @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU', 'NoAutoUpdate')
  )) {
  Remove-RegistryValue -Path $policy[0] -Name $policy[1]
}
if (Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue) {
  try {
    Invoke-WithUserHive -UserName $UserName -Body {
      param($hive)
      Remove-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\Explorer" -Name 'DisableNotificationCenter'
      Remove-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications" -Name 'NoToastApplicationNotification'
      Remove-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications" -Name 'NoToastApplicationNotificationOnLockScreen'
      Remove-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\Control Panel\Desktop" -Name 'ScreenSaveActive'
    }
  } catch {
    Write-Warning "The policies of ${UserName} were not removed: $($_.Exception.Message)"
  }
}
& powercfg.exe /restoredefaultschemes
& powercfg.exe /hibernate on
Remove-Item -LiteralPath (Join-Path $script:NuCuoiMachineDir 'kiosk-shell.ps1') -Force -ErrorAction SilentlyContinue

if ($RemoveAccount -and (Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue)) { Remove-LocalUser -Name $UserName }
Write-Output 'Kiosk lockdown undone. Restart the PC.'
