<#
.SYNOPSIS
  The install helper: installs an update the kiosk verified and handed over, with the rights a
  per-machine install needs. Run as SYSTEM by the scheduled task \nu-cuoi\install-update (made by
  the installer, every 5 minutes); does nothing when no update waits.
.DESCRIPTION
  1. Takes the inbox (%ProgramData%\nu-cuoi\updates\inbox: request, manifest.txt, manifest.sig and
     the installer) into a staging folder only SYSTEM and administrators can write, refusing links
     and odd names; the inbox is emptied.
  2. Checks it with the installed app itself, nu-cuoi.exe --verify-update <staging>: the province's
     Ed25519 signature of manifest.txt with the key pinned in %ProgramData%\nu-cuoi\provisioning.json,
     and the installer's size and sha512 against it (PowerShell has no Ed25519).
  3. When %ProgramData%\nu-cuoi\authenticode-publisher.txt names a publisher (the province signs its
     installers with a code-signing certificate), requires a valid Authenticode signature whose
     signer's subject contains that name.
  4. Marks the install in progress (updates\installing: kiosk-shell.ps1 waits), runs the installer
     silently as an update (/S --updated; it closes the running kiosk), and removes the mark.
  5. Writes {"version","ok","message","at"} to updates\result.json, which the kiosk reads at its
     start, and logs to updates\helper.log. If the kiosk does not run again within a minute (no
     Shell Launcher to restart it, as with Assigned Access on Pro), restarts the PC: autologon
     brings the kiosk back.
  Anything refused installs nothing; the kiosk keeps running its version.
.PARAMETER MachineDir
  The kiosk's machine folder (default %ProgramData%\nu-cuoi), as the installer made it.
.NOTES
  Editions: Windows 10/11 Pro, Enterprise, Education, IoT Enterprise
  Run as:   SYSTEM (the scheduled task the installer made); never by hand as the kiosk account
  Undo:     uninstalling the app removes the task
#>
[CmdletBinding()]
param(
  [string] $MachineDir = (Join-Path $env:ProgramData 'nu-cuoi')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$updates = Join-Path $MachineDir 'updates'
$inbox = Join-Path $updates 'inbox'
$request = Join-Path $inbox 'request'
$resultFile = Join-Path $updates 'result.json'
$installingMark = Join-Path $updates 'installing'
$logFile = Join-Path $updates 'helper.log'
# This script is <install dir>\resources\deploy\windows\install-update.ps1.
$installDir = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..\..\..')).Path
$app = Join-Path $installDir 'nu-cuoi.exe'
$script:version = 'unknown'

function Write-HelperLog([string] $line) {
  Add-Content -LiteralPath $logFile -Value ((Get-Date).ToUniversalTime().ToString('s') + 'Z ' + $line) -Encoding UTF8
}

function Complete-Update([bool] $ok, [string] $message) {
  $result = [ordered]@{ version = $script:version; ok = $ok; message = $message; at = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') }
  $temporary = "$resultFile.tmp"
  [IO.File]::WriteAllText($temporary, ($result | ConvertTo-Json -Compress), (New-Object Text.UTF8Encoding($false)))
  Move-Item -LiteralPath $temporary -Destination $resultFile -Force
  Write-HelperLog $message
}

if (-not (Test-Path -LiteralPath $request)) { return }

$staging = Join-Path $updates 'staging'
if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
New-Item -ItemType Directory -Path $staging | Out-Null
& icacls.exe $staging /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null

try {
  $fields = @{}
  foreach ($line in Get-Content -LiteralPath $request -Encoding UTF8) {
    if ($line -match '^(file|version)=(.+)$') { $fields[$Matches[1]] = $Matches[2] }
  }
  if ($fields.ContainsKey('version') -and $fields['version'] -match '^[0-9A-Za-z.+-]{1,64}$') { $script:version = $fields['version'] }
  $file = if ($fields.ContainsKey('file')) { $fields['file'] } else { '' }
  if ($file -notmatch '^[A-Za-z0-9][A-Za-z0-9._+-]*\.exe$') {
    Complete-Update $false 'the request names no installer (.exe)'
    return
  }
  foreach ($name in 'request', 'manifest.txt', 'manifest.sig', $file) {
    $item = Get-Item -LiteralPath (Join-Path $inbox $name) -ErrorAction SilentlyContinue
    if (-not $item -or $item.PSIsContainer -or ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) {
      Complete-Update $false 'the inbox does not hold a complete update (request, manifest.txt, manifest.sig and the installer)'
      return
    }
    Copy-Item -LiteralPath $item.FullName -Destination (Join-Path $staging $name)
  }
} finally {
  Get-ChildItem -LiteralPath $inbox -Force | Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}

$check = & $app --verify-update $staging 2>&1 | Out-String
if ($LASTEXITCODE -ne 0) {
  Complete-Update $false ("the update was refused: " + $check.Trim())
  return
}

$installer = Join-Path $staging $file
$publisherFile = Join-Path $MachineDir 'authenticode-publisher.txt'
if (Test-Path -LiteralPath $publisherFile) {
  $publisher = (Get-Content -LiteralPath $publisherFile -Raw -Encoding UTF8).Trim()
  $signature = Get-AuthenticodeSignature -LiteralPath $installer
  if ($signature.Status -ne 'Valid' -or -not $signature.SignerCertificate -or $signature.SignerCertificate.Subject -notlike "*$publisher*") {
    Complete-Update $false "the installer is not signed by $publisher (Authenticode: $($signature.Status))"
    return
  }
}

New-Item -ItemType File -Path $installingMark -Force | Out-Null
try {
  Write-HelperLog "installing $($script:version)"
  $process = Start-Process -FilePath $installer -ArgumentList '/S', '--updated' -Wait -PassThru
  $exitCode = $process.ExitCode
} finally {
  Remove-Item -LiteralPath $installingMark -Force -ErrorAction SilentlyContinue
}
if ($exitCode -ne 0) {
  Complete-Update $false "the installer of $($script:version) exited with code $exitCode"
  return
}
Complete-Update $true "installed $($script:version)"

# The kiosk account's shell (kiosk-shell.ps1) starts the new version; without one, a restart does.
$deadline = (Get-Date).AddSeconds(60)
while ((Get-Date) -lt $deadline) {
  if (Get-Process -Name 'nu-cuoi' -ErrorAction SilentlyContinue) { return }
  Start-Sleep -Seconds 5
}
Write-HelperLog 'the kiosk did not start again by itself: restarting the PC'
Restart-Computer -Force
