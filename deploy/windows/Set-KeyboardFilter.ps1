<#
.SYNOPSIS
  Keyboard Filter: a keyboard plugged into the kiosk cannot switch apps, open the Start menu or
  lock the session (Windows key, Alt+Tab, Ctrl+Esc, Alt+F4, Win+L and the like).
.DESCRIPTION
  Turns on the Keyboard Filter feature (a restart is needed the first time; run the script again
  after it) and blocks the predefined key combinations below through its WMI provider
  (root\standardcimv2\embedded, WEKF_PredefinedKey). Administrators are not filtered, so IT staff
  signing in with their own account keep every key. Ctrl+Alt+Del itself is handled by Windows
  (Secure Attention Sequence) and stays; the kiosk account has nothing behind it but sign-out.
  Typing, and badge readers that act as keyboards, are never filtered.
.EXAMPLE
  .\Set-KeyboardFilter.ps1
.NOTES
  Editions: Windows 10/11 Enterprise, Education, IoT Enterprise (not available on Pro)
  Run as:   an administrator (elevated PowerShell)
  Undo:     Undo-KioskLockdown.ps1
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

$blocked = @(
  'Windows', 'Ctrl+Esc', 'Alt+Tab', 'Alt+Shift+Tab', 'Ctrl+Alt+Tab', 'Alt+F4', 'Alt+Esc', 'Ctrl+Shift+Esc',
  'Win+L', 'Win+D', 'Win+E', 'Win+R', 'Win+Tab', 'Win+A', 'Win+I', 'Win+X', 'Win+M', 'Shift+Win+M',
  'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserSearch', 'BrowserFavorites', 'BrowserHome',
  'LaunchApp1', 'LaunchApp2', 'LaunchMail', 'LaunchMediaSelect'
)

if (-not (Test-ShellLauncherEdition)) {
  throw "Keyboard Filter needs Enterprise, Education or IoT Enterprise; this is $(Get-WindowsEditionId)."
}
$feature = Get-WindowsOptionalFeature -Online -FeatureName 'Client-KeyboardFilter'
if ($feature.State -ne 'Enabled') {
  Enable-WindowsOptionalFeature -Online -FeatureName 'Client-KeyboardFilter' -NoRestart | Out-Null
  Write-Output 'Keyboard Filter turned on: restart the PC, then run this script again to choose the keys.'
  return
}

$namespace = 'root\standardcimv2\embedded'
$settings = Get-CimInstance -Namespace $namespace -ClassName 'WEKF_Settings' | Where-Object { $_.Name -eq 'DisableKeyboardFilterForAdministrators' }
if ($settings) {
  $settings.Value = 'true'
  Set-CimInstance -CimInstance $settings
}
foreach ($id in $blocked) {
  $key = Get-CimInstance -Namespace $namespace -ClassName 'WEKF_PredefinedKey' | Where-Object { $_.Id -eq $id }
  if ($key) {
    $key.Enabled = $true
    Set-CimInstance -CimInstance $key
  } else {
    Write-Warning "Keyboard Filter does not know the key $id on this version of Windows; skipped."
  }
}
Write-Output "Keyboard Filter blocks $($blocked.Count) key combinations for every account but administrators."
