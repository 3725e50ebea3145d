# Builds the Windows bundle (dist\frontdesk) and its installer (dist\FrontDesk-<version>-setup.exe):
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
# Needs Python 3.11+ (the "py" launcher, or $env:PYTHON naming python.exe) and Inno Setup 6
# (ISCC.exe on PATH, in its default folder, or named by $env:ISCC). Steps: a .venv with the
# "build" extra, PyInstaller with packaging\frontdesk.spec, packaging\check_bundle.py, the
# built frontdesk.exe's --version and --self-check, then ISCC with that version.
# Signing (optional) is described in docs\packaging.md.
#Requires -Version 5.1
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Invoke-Checked([string]$File, [string[]]$Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

if (-not (Test-Path '.venv\Scripts\python.exe')) {
    if ($env:PYTHON) { Invoke-Checked $env:PYTHON @('-m', 'venv', '.venv') }
    else { Invoke-Checked 'py' @('-3', '-m', 'venv', '.venv') }
}
$Py = Join-Path $Root '.venv\Scripts\python.exe'
Invoke-Checked $Py @('-m', 'pip', 'install', '-q', '--upgrade', 'pip')
Invoke-Checked $Py @('-m', 'pip', 'install', '-q', '-e', '.[build]')

if (Test-Path 'dist\frontdesk') { Remove-Item -Recurse -Force 'dist\frontdesk' }
Invoke-Checked $Py @('-m', 'PyInstaller', '--noconfirm', '--clean', '--log-level', 'WARN',
    '--distpath', 'dist', '--workpath', 'build\pyinstaller', 'packaging\frontdesk.spec')
Invoke-Checked $Py @('packaging\check_bundle.py', 'dist\frontdesk')

$Exe = Join-Path $Root 'dist\frontdesk\frontdesk.exe'
$Version = ((& $Exe --version) -replace '^frontdesk\s+', '').Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw 'the built frontdesk.exe did not tell its version' }
$env:QT_QPA_PLATFORM = 'offscreen'
try { Invoke-Checked $Exe @('--self-check') } finally { Remove-Item Env:QT_QPA_PLATFORM }

$Iscc = $env:ISCC
if (-not $Iscc) {
    $Found = Get-Command 'ISCC.exe' -ErrorAction SilentlyContinue
    $Iscc = if ($Found) { $Found.Source } else { Join-Path ${env:ProgramFiles(x86)} 'Inno Setup 6\ISCC.exe' }
}
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 is not installed (no $Iscc); set `$env:ISCC to ISCC.exe" }
Invoke-Checked $Iscc @("/DAppVersion=$Version", 'packaging\windows\frontdesk.iss')
Write-Host "Installer: $(Join-Path $Root "dist\FrontDesk-$Version-setup.exe")"
