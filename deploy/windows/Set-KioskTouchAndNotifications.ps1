<#
.SYNOPSIS
  Turns off the touch screen's ways out and the interruptions: edge swipes, the notification
  centre and pop-up notifications, Windows Ink, tips and suggestions.
.DESCRIPTION
  Machine policies: no edge swipes (EdgeUI\AllowEdgeSwipe = 0: swiping in from a screen edge opens
  nothing), no Windows Ink Workspace, no consumer suggestions. The kiosk account's own policies
  (its registry hive, loaded for the purpose): no notification centre, no toast notifications, no
  lock screen notifications. The kiosk window itself refuses pinch zoom and the context menu
  (docs/electron-shell.md).
.PARAMETER UserName
  The kiosk account (default nucuoi); it must have logged on once (autologon does it).
.EXAMPLE
  .\Set-KioskTouchAndNotifications.ps1 -UserName nucuoi
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise. Microsoft documents
            AllowEdgeSwipe and the consumer-features policy for Enterprise, Education and IoT
            Enterprise; on Pro, Assigned Access (Set-KioskAssignedAccess.ps1) keeps the edge
            panels empty instead. Check with a finger after applying.
  Run as:   an administrator (elevated PowerShell)
  Undo:     Undo-KioskLockdown.ps1
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
  [string] $UserName = 'nucuoi'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

Set-RegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI' -Name 'AllowEdgeSwipe' -Value 0
Set-RegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\WindowsInkWorkspace' -Name 'AllowWindowsInkWorkspace' -Value 0
Set-RegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\CloudContent' -Name 'DisableWindowsConsumerFeatures' -Value 1
Set-RegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\CloudContent' -Name 'DisableSoftLanding' -Value 1

Invoke-WithUserHive -UserName $UserName -Body {
  param($hive)
  Set-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\Explorer" -Name 'DisableNotificationCenter' -Value 1
  Set-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications" -Name 'NoToastApplicationNotification' -Value 1
  Set-RegistryValue -Path "$hive\Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications" -Name 'NoToastApplicationNotificationOnLockScreen' -Value 1
  Set-RegistryValue -Path "$hive\Software\Microsoft\Windows\CurrentVersion\ContentDeliveryManager" -Name 'SubscribedContent-338389Enabled' -Value 0
}
Write-Output "Edge swipes, notifications, Windows Ink and suggestions are off (for ${UserName}: after its next logon)."
