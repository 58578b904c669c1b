#!/usr/bin/env bash
# Builds the zip that Admin > Configuration > Local plugins > "Upload plugin or theme" accepts:
# one root folder, Misc.Segmentation/, holding plugin.json, logo.png, the plugin DLL and its views.
# Nothing the store already has goes in (Nop.* and the host's shared third-party assemblies).
#
# Usage: build/package.sh [output folder, default dist]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT="$(mkdir -p "${1:-dist}" && cd "${1:-dist}" && pwd)"
FOLDER="Misc.Segmentation"
VERSION="$(sed -n 's/.*"Version": *"\([^"]*\)".*/\1/p' plugin.json)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Nop.Plugin.Misc.Segmentation/Nop.Plugin.Misc.Segmentation.csproj -c Release -o "$STAGE/build" -v quiet -nologo

mkdir -p "$STAGE/$FOLDER"
( cd "$STAGE/build" && find . -type f ) | while read -r file; do
  name="$(basename "$file")"
  case "$name" in
    Nop.Plugin.Misc.Segmentation.dll) ;;                       # the plugin itself
    Nop.*|*.pdb|*.deps.json|*.runtimeconfig.json) continue ;;  # the host's, or build leftovers
    FluentMigrator*|FluentValidation*|Newtonsoft.Json*|linq2db*|Microsoft.*|System.*) continue ;;  # shipped by nopCommerce
  esac
  mkdir -p "$STAGE/$FOLDER/$(dirname "$file")"
  cp "$STAGE/build/$file" "$STAGE/$FOLDER/$file"
done

ZIP="$OUT/${FOLDER}_${VERSION}.zip"
rm -f "$ZIP"
# forward slashes and one root folder: what nopCommerce's UploadService expects
( cd "$STAGE" && python3 - "$ZIP" "$FOLDER" <<'PY'
import os, sys, zipfile
zip_path, root = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, path.replace(os.sep, "/"))
PY
)
echo "$ZIP"
