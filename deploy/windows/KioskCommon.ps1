<#
.SYNOPSIS
  Helpers the Nụ cười lockdown scripts share (dot-sourced by them; not run on its own).
.DESCRIPTION
  The kiosk's machine folder, running a script block as SYSTEM (what the MDM bridge of Assigned
  Access and Shell Launcher requires), setting policies in the kiosk account's own registry hive,
  and the Windows edition.
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise
  Run as:   dot-sourced by the other scripts of deploy\windows
  Undo:     nothing to undo (it changes nothing by itself)
#>
Set-StrictMode -Version Latest

$script:NuCuoiMachineDir = Join-Path $env:ProgramData 'nu-cuoi'
$script:NuCuoiProductName = 'Nụ cười'

function Get-NuCuoiInstallDir {
  # Per-machine NSIS install (electron-builder.yml): Program Files\Nụ cười.
  $dir = Join-Path $env:ProgramFiles $script:NuCuoiProductName
  if (-not (Test-Path -LiteralPath (Join-Path $dir 'nu-cuoi.exe'))) {
    throw "Nụ cười is not installed in ${dir}: run the installer first (nu-cuoi-setup-<version>-x64.exe /S)."
  }
  return $dir
}

function Get-WindowsEditionId {
  # Professional, Enterprise, Education, IoTEnterprise, EnterpriseS (LTSC), IoTEnterpriseS, Core (Home)…
  return (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion').EditionID
}

function Test-ShellLauncherEdition {
  $edition = Get-WindowsEditionId
  return $edition -match '^(Enterprise|EnterpriseS|Education|IoTEnterprise|IoTEnterpriseS)$'
}

function Test-IsSystem {
  return [Security.Principal.WindowsIdentity]::GetCurrent().IsSystem
}

function Invoke-AsSystem {
  <#
    Runs a script file with arguments as SYSTEM through a one-time scheduled task, waits for it and
    returns its output (the MDM bridge of Assigned Access and Shell Launcher answers only SYSTEM).
  #>
  param(
    [Parameter(Mandatory)] [string] $ScriptPath,
    [string[]] $Arguments = @()
  )
  $log = Join-Path $env:TEMP ("nu-cuoi-system-" + [guid]::NewGuid().ToString('N') + '.log')
  # Parameter names stay bare (a quoted -Name would be a value); values are single-quoted.
  $quoted = ($Arguments | ForEach-Object { if ($_ -match '^-[A-Za-z]+$') { $_ } else { "'" + ($_ -replace "'", "''") + "'" } }) -join ' '
  $command = "& '$ScriptPath' $quoted *> '$log'"
  $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument ("-NoProfile -NonInteractive -ExecutionPolicy Bypass -Command `"$command`"")
  $principal = New-ScheduledTaskPrincipal -UserId 'S-1-5-18' -RunLevel Highest
  $name = 'nu-cuoi-as-system-' + [guid]::NewGuid().ToString('N')
  Register-ScheduledTask -TaskName $name -Action $action -Principal $principal | Out-Null
  try {
    Start-ScheduledTask -TaskName $name
    $deadline = (Get-Date).AddMinutes(5)
    do {
      Start-Sleep -Seconds 2
      $state = (Get-ScheduledTask -TaskName $name).State
    } while ($state -eq 'Running' -and (Get-Date) -lt $deadline)
    $result = (Get-ScheduledTaskInfo -TaskName $name).LastTaskResult
    if (Test-Path -LiteralPath $log) { Get-Content -LiteralPath $log; Remove-Item -LiteralPath $log -Force }
    if ($result -ne 0) { throw "the part run as SYSTEM failed (exit code $result)" }
  } finally {
    Unregister-ScheduledTask -TaskName $name -Confirm:$false
  }
}

function Invoke-WithUserHive {
  <#
    Runs a script block with the kiosk account's registry hive loaded at HKEY_USERS\NuCuoiKiosk
    (the account must exist and have logged on once), for per-user policies such as notifications.
  #>
  param(
    [Parameter(Mandatory)] [string] $UserName,
    [Parameter(Mandatory)] [scriptblock] $Body
  )
  $sid = (New-Object Security.Principal.NTAccount($UserName)).Translate([Security.Principal.SecurityIdentifier]).Value
  $loaded = Test-Path -LiteralPath "Registry::HKEY_USERS\$sid"
  if ($loaded) {
    & $Body "Registry::HKEY_USERS\$sid"
    return
  }
  $profilePath = (Get-ItemProperty -LiteralPath "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$sid" -ErrorAction SilentlyContinue).ProfileImagePath
  if (-not $profilePath) { throw "$UserName has never logged on: log on once (autologon does it), then run this again." }
  & reg.exe load 'HKU\NuCuoiKiosk' (Join-Path $profilePath 'NTUSER.DAT') | Out-Null
  try {
    & $Body 'Registry::HKEY_USERS\NuCuoiKiosk'
  } finally {
    [GC]::Collect()
    & reg.exe unload 'HKU\NuCuoiKiosk' | Out-Null
  }
}

function Set-RegistryValue {
  param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $Name,
    [Parameter(Mandatory)] $Value,
    [ValidateSet('DWord', 'String')] [string] $Type = 'DWord'
  )
  if (-not (Test-Path -LiteralPath $Path)) { New-Item -Path $Path -Force | Out-Null }
  New-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -PropertyType $Type -Force | Out-Null
}

function Remove-RegistryValue {
  param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Name)
  if (Test-Path -LiteralPath $Path) { Remove-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction SilentlyContinue }
}

function Set-AutologonPassword {
  <#
    Stores the autologon password as the LSA secret Winlogon reads (never in clear in the
    registry); an empty password removes it.
  #>
  param([string] $Password)
  if (-not ('NuCuoiLsa' -as [type])) {
    Add-Type -TypeDefinition $script:NuCuoiLsaSource
  }
  [NuCuoiLsa]::SetDefaultPassword($Password)
}

# A here-string's closing quote must start its line: kept at the left margin on purpose.
$script:NuCuoiLsaSource = @'
using System;
using System.Runtime.InteropServices;
public static class NuCuoiLsa {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  struct LSA_UNICODE_STRING { public ushort Length; public ushort MaximumLength; public IntPtr Buffer; }
  [StructLayout(LayoutKind.Sequential)]
  struct LSA_OBJECT_ATTRIBUTES { public int Length; public IntPtr RootDirectory; public IntPtr ObjectName; public uint Attributes; public IntPtr SecurityDescriptor; public IntPtr SecurityQualityOfService; }
  [DllImport("advapi32.dll")] static extern uint LsaOpenPolicy(IntPtr system, ref LSA_OBJECT_ATTRIBUTES attributes, uint access, out IntPtr handle);
  [DllImport("advapi32.dll")] static extern uint LsaStorePrivateData(IntPtr handle, ref LSA_UNICODE_STRING key, IntPtr data);
  [DllImport("advapi32.dll")] static extern uint LsaStorePrivateData(IntPtr handle, ref LSA_UNICODE_STRING key, ref LSA_UNICODE_STRING data);
  [DllImport("advapi32.dll")] static extern uint LsaClose(IntPtr handle);
  [DllImport("advapi32.dll")] static extern int LsaNtStatusToWinError(uint status);
  static LSA_UNICODE_STRING Text(string value) {
    var s = new LSA_UNICODE_STRING();
    s.Buffer = Marshal.StringToHGlobalUni(value);
    s.Length = (ushort)(value.Length * 2);
    s.MaximumLength = (ushort)(value.Length * 2 + 2);
    return s;
  }
  // Stores the secret that Winlogon's autologon reads; an empty password removes it.
  public static void SetDefaultPassword(string password) {
    var attributes = new LSA_OBJECT_ATTRIBUTES();
    IntPtr policy;
    uint status = LsaOpenPolicy(IntPtr.Zero, ref attributes, 0x00000020 /* POLICY_CREATE_SECRET */, out policy);
    if (status != 0) throw new System.ComponentModel.Win32Exception(LsaNtStatusToWinError(status));
    try {
      var key = Text("DefaultPassword");
      if (string.IsNullOrEmpty(password)) {
        LsaStorePrivateData(policy, ref key, IntPtr.Zero);
        return;
      }
      var data = Text(password);
      status = LsaStorePrivateData(policy, ref key, ref data);
      if (status != 0) throw new System.ComponentModel.Win32Exception(LsaNtStatusToWinError(status));
    } finally {
      LsaClose(policy);
    }
  }
}
'@
