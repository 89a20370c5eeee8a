<#
.SYNOPSIS
  On Windows Pro (no Shell Launcher), a restricted multi-app Assigned Access profile for the kiosk
  account: only the kiosk app may run, it starts by itself, no taskbar.
.DESCRIPTION
  Sets an Assigned Access configuration through the MDM bridge (WMI class MDM_AssignedAccess,
  property Configuration) for the kiosk account: the allowed apps are the kiosk app alone, started
  at logon (AutoLaunch), pinned to Start, with the taskbar hidden. Assigned Access then blocks every
  other program for that account (AppLocker rules made by Windows), and the account has no
  Settings, File Explorer, Task Manager or Run box. The MDM bridge answers only SYSTEM: the script
  runs that part as SYSTEM through a one-time scheduled task. Sign out or restart for it to apply.
  After an update the install helper restarts the PC (Assigned Access does not restart an app that
  exited), so the kiosk account logs on again and the new version starts.
.PARAMETER UserName
  The kiosk account (default nucuoi), made by New-KioskAccount.ps1.
.EXAMPLE
  .\Set-KioskAssignedAccess.ps1 -UserName nucuoi
.NOTES
  Editions: Windows 11 (22H2 or later) Pro, Enterprise, Education; Windows 10 (1809 or later) Pro,
            Enterprise, Education (a Start layout instead of Start pins, no AutoLaunch: the
            installer's Startup shortcut starts the app)
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

if ($ApplyAsSystem) {
  $app = Join-Path (Get-NuCuoiInstallDir) 'nu-cuoi.exe'
  $profileId = '{9A2E6B1D-7C44-4B8E-A1F3-2D5C8E4B7F20}'
  $windows11 = [Environment]::OSVersion.Version.Build -ge 22621
  if ($windows11) {
    $start = @"
      <v5:StartPins><![CDATA[{ "pinnedList": [ { "desktopAppLink": "%ALLUSERSPROFILE%\\Microsoft\\Windows\\Start Menu\\Programs\\$($script:NuCuoiProductName).lnk" } ] }]]></v5:StartPins>
"@
    $launch = 'rs5:AutoLaunch="true"'
  } else {
    $start = @"
      <StartLayout><![CDATA[<LayoutModificationTemplate xmlns:defaultlayout="http://schemas.microsoft.com/Start/2014/FullDefaultLayout" xmlns:start="http://schemas.microsoft.com/Start/2014/StartLayout" Version="1" xmlns="http://schemas.microsoft.com/Start/2014/LayoutModification">
        <LayoutOptions StartTileGroupCellWidth="6" />
        <DefaultLayoutOverride><StartLayoutCollection><defaultlayout:StartLayout GroupCellWidth="6">
          <start:Group Name="Nụ cười"><start:DesktopApplicationTile Size="4x4" Column="0" Row="0" DesktopApplicationLinkPath="%ALLUSERSPROFILE%\Microsoft\Windows\Start Menu\Programs\$($script:NuCuoiProductName).lnk" /></start:Group>
        </defaultlayout:StartLayout></StartLayoutCollection></DefaultLayoutOverride>
      </LayoutModificationTemplate>]]></StartLayout>
"@
    $launch = ''
  }
  $xml = @"
<?xml version="1.0" encoding="utf-8"?>
<AssignedAccessConfiguration xmlns="http://schemas.microsoft.com/AssignedAccess/2017/config" xmlns:rs5="http://schemas.microsoft.com/AssignedAccess/201810/config" xmlns:v5="http://schemas.microsoft.com/AssignedAccess/2022/config">
  <Profiles>
    <Profile Id="$profileId">
      <AllAppsList>
        <AllowedApps>
          <App DesktopAppPath="$app" $launch />
        </AllowedApps>
      </AllAppsList>
$start
      <Taskbar ShowTaskbar="false" />
    </Profile>
  </Profiles>
  <Configs>
    <Config>
      <Account>$UserName</Account>
      <DefaultProfile Id="$profileId" />
    </Config>
  </Configs>
</AssignedAccessConfiguration>
"@
  $bridge = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_AssignedAccess'
  $bridge.Configuration = [System.Net.WebUtility]::HtmlEncode($xml)
  Set-CimInstance -CimInstance $bridge
  Write-Output 'Assigned Access configuration set.'
  return
}

if (-not (Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue)) { throw "No account ${UserName}: run New-KioskAccount.ps1 first." }
Get-NuCuoiInstallDir | Out-Null
Invoke-AsSystem -ScriptPath $PSCommandPath -Arguments @('-UserName', $UserName, '-ApplyAsSystem')
Write-Output "$UserName may now run only the kiosk app. Restart the PC to apply."
