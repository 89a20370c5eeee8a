<#
.SYNOPSIS
  Creates the kiosk's local account (a standard user) and logs it on automatically at start-up.
.DESCRIPTION
  The kiosk runs in an ordinary local account, never an administrator's: whatever a passer-by
  manages to do, it is done without rights on the machine. The account gets a long random password
  nobody needs to know, kept by Windows as the LSA secret autologon reads (not in the registry in
  clear), and Windows logs it on at every start. The kiosk app starts at its logon (the installer's
  Startup shortcut, or the shell set by Set-KioskShell.ps1 / Set-KioskAssignedAccess.ps1).
.PARAMETER UserName
  The kiosk account's name (default nucuoi).
.EXAMPLE
  .\New-KioskAccount.ps1 -UserName nucuoi
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise
  Run as:   an administrator (elevated PowerShell)
  Undo:     Undo-KioskLockdown.ps1 (autologon off; -RemoveAccount also deletes the account)
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
  [ValidatePattern('^[A-Za-z][A-Za-z0-9_-]{0,19}$')]
  [string] $UserName = 'nucuoi'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'KioskCommon.ps1')

# A password nobody types: 32 random characters.
$alphabet = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+=?@'
$bytes = New-Object byte[] 32
[Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
$password = -join ($bytes | ForEach-Object { $alphabet[$_ % $alphabet.Length] })
$secure = ConvertTo-SecureString $password -AsPlainText -Force

$existing = Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue
if ($existing) {
  Set-LocalUser -Name $UserName -Password $secure -PasswordNeverExpires $true
  Enable-LocalUser -Name $UserName
} else {
  New-LocalUser -Name $UserName -Password $secure -FullName 'Nụ cười kiosk' -Description 'Runs the Nụ cười kiosk; logged on automatically' -PasswordNeverExpires -UserMayNotChangePassword | Out-Null
}
# A standard user: in Users, never in Administrators.
$users = (New-Object Security.Principal.SecurityIdentifier('S-1-5-32-545')).Translate([Security.Principal.NTAccount]).Value.Split('\')[-1]
$admins = (New-Object Security.Principal.SecurityIdentifier('S-1-5-32-544')).Translate([Security.Principal.NTAccount]).Value.Split('\')[-1]
if (-not (Get-LocalGroupMember -Group $users -Member $UserName -ErrorAction SilentlyContinue)) { Add-LocalGroupMember -Group $users -Member $UserName }
if (Get-LocalGroupMember -Group $admins -Member $UserName -ErrorAction SilentlyContinue) { Remove-LocalGroupMember -Group $admins -Member $UserName }

$winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
Set-AutologonPassword $password
Set-RegistryValue -Path $winlogon -Name 'AutoAdminLogon' -Value '1' -Type String
Set-RegistryValue -Path $winlogon -Name 'DefaultUserName' -Value $UserName -Type String
Set-RegistryValue -Path $winlogon -Name 'DefaultDomainName' -Value $env:COMPUTERNAME -Type String
# The password lives only in the LSA secret, never in clear in the registry.
Remove-RegistryValue -Path $winlogon -Name 'DefaultPassword'
Remove-RegistryValue -Path $winlogon -Name 'AutoLogonCount'

Write-Output "Kiosk account $UserName ready; Windows logs it on at every start."
