; Inno Setup 6 recipe for the Windows installer of the command centre (指挥调度一中心).
;
; Build on Windows, from the repository root, after the bundle:
;   make translations && pip install -e ".[bundle]" && pyinstaller --noconfirm build.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\commandcenter.iss
; The installer lands in dist\installer\commandcenter-<version>-setup.exe.
;
; What it does
; - Installs the one-folder bundle dist\commandcenter\ (all three programs) under Program Files
;   (or the user's own programs folder when the installing user is not an administrator).
; - Start-menu entries: the command centre, its console "debug" variant (for support), and an
;   uninstaller; an optional desktop icon.
; - Optionally runs `commandcenter-debug.exe --self-test` at the end (temporary database,
;   nothing of the user's touched) so the installer sees at once that the workstation can run it.
; - Never touches per-user data: the database, settings, logs and crash reports live in
;   %LOCALAPPDATA%\commandcenter (platformdirs) and survive upgrades and uninstalls.
; - Upgrades in place (same AppId); a running program is closed through the Restart Manager.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "commandcenter"
#define AppDisplayName "指挥调度一中心 Command and Dispatch Centre"
#define Bundle "..\..\dist\commandcenter"

[Setup]
AppId={{6B3C2A1E-7A53-4C4E-9E61-2D1F0C9B5A77}
AppName={#AppDisplayName}
AppVersion={#AppVersion}
AppVerName={#AppDisplayName} {#AppVersion}
AppPublisher=秦淮区社会治理综合指挥中心
DefaultDirName={autopf}\CommandCenter
DefaultGroupName={#AppDisplayName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppName}.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.SelfTest=运行自检（临时数据库，约 1 分钟）
english.SelfTest=Run the self-test (temporary database, about a minute)
chinesesimplified.DebugName=指挥调度一中心（调试控制台）
english.DebugName=Command and Dispatch Centre (debug console)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: programs, _internal\ (Python, Qt, libraries, migrations, resources).
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle's internals entirely (no stale modules from an older version).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppDisplayName}"; Filename: "{app}\{#AppName}.exe"
Name: "{autoprograms}\{cm:DebugName}"; Filename: "{app}\{#AppName}-debug.exe"
Name: "{autodesktop}\{#AppDisplayName}"; Filename: "{app}\{#AppName}.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppName}-debug.exe"; Parameters: "--self-test"; Description: "{cm:SelfTest}"; Flags: postinstall unchecked waituntilterminated
Filename: "{app}\{#AppName}.exe"; Description: "{cm:LaunchProgram,{#AppDisplayName}}"; Flags: postinstall nowait skipifsilent
