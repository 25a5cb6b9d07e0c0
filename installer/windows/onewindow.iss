; Inno Setup script: per-machine install of the PyInstaller bundle (dist\onewindow) on Windows 10/11 x64.
;
; Build (on Windows, Inno Setup 6.5 or newer, which ships Languages\ChineseSimplified.isl):
;     python installer\build.py
;     iscc installer\windows\onewindow.iss
; The version is read from dist\onewindow\VERSION, which build.py writes from the package metadata
; (pyproject.toml); without it the compile stops. /DAppVersion=X is refused unless it matches.
;
; Signing (release builds): sign the bundle's executables first, then let ISCC sign the setup and
; the uninstaller with the same certificate:
;     signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /f it.pfx /p %PFXPASS% ^
;         dist\onewindow\onewindow.exe dist\onewindow\onewindow-cli.exe
;     iscc /DSIGN "/Sonewindowsign=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /f it.pfx /p %PFXPASS% $f" ^
;         installer\windows\onewindow.iss
; (any RFC 3161 timestamp server the hall's CA names will do). Check with: signtool verify /pa /v OneWindow-Setup-<ver>.exe
;
; Unattended install by IT, with this counter's provisioning file:
;     OneWindow-Setup-<ver>.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="C:\Temp\onewindow-setup.log" /PROVISION="\\server\it\W03.toml"
; The provisioning file is checked before anything is installed: when it is missing, unreadable or
; empty, setup writes "OneWindow: provisioning file ... " to the log and exits with code 1 (a PC must
; never come up as the sample hall). Otherwise it is copied to %PROGRAMDATA%\OneWindow\provisioning.toml.
; Upgrades delete the previous program files first (Alembic reads migration scripts from disk, so a
; stale script must not survive); user data in each user's %LOCALAPPDATA%\OneWindow (created by the app,
; readable by that user only, as the profile's ACL gives) and the provisioning file are never touched.

#define VersionFile AddBackslash(SourcePath) + "..\..\dist\onewindow\VERSION"
#if !FileExists(VersionFile)
  #error dist\onewindow\VERSION is missing: build the bundle with installer\build.py first (it writes the package version)
#endif
#define VersionHandle FileOpen(VersionFile)
#define BundleVersion Trim(FileRead(VersionHandle))
#expr FileClose(VersionHandle)
#if BundleVersion == ""
  #error dist\onewindow\VERSION is empty: the build did not record the package version
#endif
#ifdef AppVersion
  #if AppVersion != BundleVersion
    #error /DAppVersion does not match the bundle's package version in dist\onewindow\VERSION
  #endif
#else
  #define AppVersion BundleVersion
#endif
#if !FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
  #error Inno Setup 6.5 or newer is needed: it ships Languages\ChineseSimplified.isl
#endif

[Setup]
AppId={{7C1E4F2A-5B8D-4E0A-9C3B-0E1D2F3A4B5C}
AppName=OneWindow 一窗通
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=OneWindow Team
DefaultDirName={autopf}\OneWindow
DefaultGroupName=OneWindow 一窗通
PrivilegesRequired=admin
; Windows 10 or later, 64-bit only.
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=OneWindow-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\onewindow.ico
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\onewindow.exe
CloseApplications=yes
SetupLogging=yes
#ifdef SIGN
SignTool=onewindowsign
SignedUninstaller=yes
#endif

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
chinesesimp.ProvisionMissing=找不到配置文件：%1
chinesesimp.ProvisionUnreadable=配置文件无法读取或为空：%1

[InstallDelete]
; Upgrade: remove the previous version's program files before the new ones are copied.
Type: filesandordirs; Name: "{app}\_internal"
Type: files; Name: "{app}\onewindow.exe"
Type: files; Name: "{app}\onewindow-cli.exe"
Type: files; Name: "{app}\VERSION"

[Files]
Source: "..\..\dist\onewindow\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\OneWindow 一窗通"; Filename: "{app}\onewindow.exe"
Name: "{commondesktop}\OneWindow 一窗通"; Filename: "{app}\onewindow.exe"

[Run]
; Post-install check, logged for IT.
Filename: "{app}\onewindow-cli.exe"; Parameters: "--version"; Flags: runhidden waituntilterminated

[Code]
var
  ProvisionText: AnsiString;

function ProvisionFile(): String;
begin
  Result := ExpandConstant('{param:PROVISION|}');
end;

{ Runs before anything is installed: returning False ends setup with exit code 1. }
function InitializeSetup(): Boolean;
var
  Src, Msg: String;
begin
  Result := True;
  Src := ProvisionFile();
  if Src = '' then
    exit;
  if not FileExists(Src) then
    Msg := FmtMessage(CustomMessage('ProvisionMissing'), [Src])
  else if (not LoadStringFromFile(Src, ProvisionText)) or (Trim(String(ProvisionText)) = '') then
    Msg := FmtMessage(CustomMessage('ProvisionUnreadable'), [Src]);
  if Msg <> '' then
  begin
    Log('OneWindow: provisioning file ' + Src + ' is missing, unreadable or empty; nothing installed');
    SuppressibleMsgBox(Msg, mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  DestDir: String;
begin
  if (CurStep = ssPostInstall) and (ProvisionFile() <> '') then
  begin
    DestDir := ExpandConstant('{commonappdata}\OneWindow');
    ForceDirectories(DestDir);
    if not SaveStringToFile(DestDir + '\provisioning.toml', ProvisionText, False) then
    begin
      Log('OneWindow: could not write ' + DestDir + '\provisioning.toml');
      RaiseException('could not write ' + DestDir + '\provisioning.toml');
    end;
    Log('OneWindow: provisioning file ' + ProvisionFile() + ' copied to ' + DestDir + '\provisioning.toml');
  end;
end;
