; Inno Setup script: per-machine install of the PyInstaller bundle (dist\onewindow) on Windows.
; Build on a Windows machine after `python installer\build.py --no-deb`:
;     iscc /DAppVersion=<version from dist\onewindow\VERSION> installer\windows\onewindow.iss
; Unattended install by IT, with this counter's provisioning file:
;     OneWindow-Setup-<ver>.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /PROVISION="\\server\it\W03.toml"
; The provisioning file is copied to %PROGRAMDATA%\OneWindow\provisioning.toml, where the app
; looks for it (see installer\provisioning.sample.toml). User data lives in each user's
; %LOCALAPPDATA%\OneWindow and is kept across upgrades and uninstalls.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{7C1E4F2A-5B8D-4E0A-9C3B-0E1D2F3A4B5C}
AppName=OneWindow 一窗通
AppVersion={#AppVersion}
AppPublisher=OneWindow Team
DefaultDirName={autopf}\OneWindow
DefaultGroupName=OneWindow 一窗通
PrivilegesRequired=admin
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=OneWindow-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\onewindow.ico
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\onewindow.exe

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\onewindow\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\OneWindow 一窗通"; Filename: "{app}\onewindow.exe"
Name: "{commondesktop}\OneWindow 一窗通"; Filename: "{app}\onewindow.exe"

[Run]
; Post-install check, logged for IT; does not block a silent install.
Filename: "{app}\onewindow-cli.exe"; Parameters: "--version"; Flags: runhidden waituntilterminated

[Code]
function ProvisionFile(): String;
begin
  Result := ExpandConstant('{param:PROVISION|}');
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Src, DestDir: String;
begin
  if CurStep = ssPostInstall then
  begin
    Src := ProvisionFile();
    if Src <> '' then
    begin
      DestDir := ExpandConstant('{commonappdata}\OneWindow');
      ForceDirectories(DestDir);
      if not FileCopy(Src, DestDir + '\provisioning.toml', False) then
        Log('Could not copy provisioning file ' + Src);
    end;
  end;
end;
