; Inno Setup 6 script of the Front Desk installer for Windows: installs the one-folder
; bundle (dist\frontdesk, built by PyInstaller from packaging\frontdesk.spec) for the
; current user (no administrator needed) or, when chosen in the first dialog, for all
; users; Start-menu shortcut, optional desktop shortcut, English or French wizard,
; uninstaller in "Apps and features".
;
; The version is the build's own, never written here: packaging\build-windows.ps1 asks the
; built frontdesk.exe --version and passes it on:
;   ISCC /DAppVersion=0.1.0 packaging\windows\frontdesk.iss
; Paths below are relative to this file's folder. See docs\packaging.md.

#ifndef AppVersion
  #error The version is missing: ISCC /DAppVersion=x.y.z (packaging\build-windows.ps1 passes it)
#endif
#define AppId "ca.riverside.FrontDesk"
#define AppName "Front Desk"
#define BundleDir "..\..\dist\frontdesk"
#define DeskExe "frontdeskw.exe"

[Setup]
; The same reverse-DNS id as the macOS bundle and the Linux desktop file: upgrades find
; the earlier installation by it, so it never changes.
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Front Desk project
VersionInfoProductTextVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default; the dialog offers "all users", which asks for elevation.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\resources\icons\frontdesk.ico
UninstallDisplayIcon={app}\{#DeskExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=FrontDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Asks a running desk to close before its files are replaced.
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#DeskExe}"; AppUserModelID: "{#AppId}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#DeskExe}"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#DeskExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
