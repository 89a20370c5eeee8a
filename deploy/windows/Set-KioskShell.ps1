<#
.SYNOPSIS
  Makes the kiosk app the kiosk account's shell with Shell Launcher v2: no Explorer, no taskbar,
  no Start menu, no desktop for that account; other accounts keep Explorer.
.DESCRIPTION
  Turns on the Shell Launcher feature, copies kiosk-shell.ps1 (which starts the app, restarts it
  when it exits, and waits during an update) to %ProgramData%\nu-cuoi\, and sets the Shell Launcher
  v2 configuration through the MDM bridge (WMI class MDM_AssignedAccess, property ShellLauncher):
  the kiosk account's shell is kiosk-shell.ps1, everyone else's stays explorer.exe. The MDM bridge
  answers only SYSTEM: the script runs that part as SYSTEM through a one-time scheduled task.
  Sign out or restart for it to apply.
.PARAMETER UserName
  The kiosk account (default nucuoi), made by New-KioskAccount.ps1.
.EXAMPLE
  .\Set-KioskShell.ps1 -UserName nucuoi
.NOTES
  Editions: Windows 10 (1809 or later) and 11 Enterprise, Education, IoT Enterprise (Shell Launcher
            is not available on Pro: use Set-KioskAssignedAccess.ps1 there)
  Run as:   an administrator (elevated PowerShell); the MDM part runs as SYSTEM by itself
  Undo:     Undo-KioskLockdown.ps1
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
  [string] $UserName = 'nucuoi',
  # Internal: the part run as SYSTEM.
  [switch] $ApplyAsSystem
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

$shellScript = Join-Path $script:NuCuoiMachineDir 'kiosk-shell.ps1'

if ($ApplyAsSystem) {
  $profileId = '{5C8B3F6C-4F3A-4E0B-9D0C-6E2B7B1D3A11}'
  $shell = "powershell.exe -NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -File &quot;$shellScript&quot;"
  $xml = @"
<?xml version="1.0" encoding="utf-8"?>
<ShellLauncherConfiguration xmlns="http://schemas.microsoft.com/ShellLauncher/2018/Configuration" xmlns:V2="http://schemas.microsoft.com/ShellLauncher/2019/Configuration">
  <Profiles>
    <DefaultProfile>
      <Shell Shell="%SystemRoot%\explorer.exe" />
    </DefaultProfile>
    <Profile Id="$profileId">
      <Shell Shell="$shell" V2:AppType="Desktop" V2:AllAppsFullScreen="true">
        <DefaultAction Action="RestartShell" />
      </Shell>
    </Profile>
  </Profiles>
  <Configs>
    <Config>
      <Account Name="$UserName" />
      <Profile Id="$profileId" />
    </Config>
  </Configs>
</ShellLauncherConfiguration>
"@
  $bridge = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_AssignedAccess'
  $bridge.ShellLauncher = [System.Net.WebUtility]::HtmlEncode($xml)
  Set-CimInstance -CimInstance $bridge
  Write-Output 'Shell Launcher configuration set.'
  return
}

if (-not (Test-ShellLauncherEdition)) {
  throw "Shell Launcher needs Enterprise, Education or IoT Enterprise; this is $(Get-WindowsEditionId). On Pro use Set-KioskAssignedAccess.ps1."
}
if (-not (Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue)) { throw "No account ${UserName}: run New-KioskAccount.ps1 first." }
Get-NuCuoiInstallDir | Out-Null

$feature = Get-WindowsOptionalFeature -Online -FeatureName 'Client-EmbeddedShellLauncher'
if ($feature.State -ne 'Enabled') {
  Enable-WindowsOptionalFeature -Online -FeatureName 'Client-EmbeddedShellLauncher' -NoRestart | Out-Null
}
New-Item -ItemType Directory -Path $script:NuCuoiMachineDir -Force | Out-Null
Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'kiosk-shell.ps1') -Destination $shellScript -Force

Invoke-AsSystem -ScriptPath $PSCommandPath -Arguments @('-UserName', $UserName, '-ApplyAsSystem')
Write-Output "The shell of $UserName is now the kiosk. Restart the PC to apply."
