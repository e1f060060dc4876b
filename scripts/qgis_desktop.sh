# Shared by desktop_check.sh and dock_screenshots.sh (sourced, not run): a clean QGIS profile
# with the packaged plugin, and the real QGIS desktop started under Xvfb.

# qgis_test_profile TMP ZIP LOCALE → prints the profile folder (TMP/profiles/profiles/test)
# The plugin zip is unzipped into it and enabled; QGIS3.ini turns off the version check, news
# feed, tips and plugin update checks, and fixes the locale.
qgis_test_profile() {
  local tmp=$1 zip=$2 locale=$3
  local profile="$tmp/profiles/profiles/test"
  mkdir -p "$profile/python/plugins" "$profile/QGIS" "$tmp/xdg-runtime" "$tmp/config" "$tmp/cache"
  chmod 700 "$tmp/xdg-runtime"
  unzip -q "$zip" -d "$profile/python/plugins"
  cat > "$profile/QGIS/QGIS3.ini" <<INI
[PythonPlugins]
trampesti=true
processing=true

[qgis]
checkVersion=false
askToSaveProjectChanges=false
askToSaveMemoryLayers=false
showTips=false
warnOldProjectVersion=false

[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true

[app]
plugin_installer\\checkOnStart=false
plugin_installer\\allowExperimental=true

[locale]
overrideFlag=true
userLocale=$locale
globalLocale=$locale
INI
  echo "$profile"
}

# run_qgis_desktop TMP TIMEOUT_S CODE_PY LOG [NAME=VALUE ...]
# A real X display (not Qt's offscreen platform), no user session needed (own XDG folders, also
# as root), no venv or PYTHONPATH leaking in; extra NAME=VALUE pairs go into QGIS's environment.
# Returns QGIS's exit code (124/137 when the timeout hit).
run_qgis_desktop() {
  local tmp=$1 timeout_s=$2 code=$3 log=$4
  shift 4
  env -u QT_QPA_PLATFORM -u PYTHONPATH -u PYTHONHOME -u QGIS_CUSTOM_CONFIG_PATH -u VIRTUAL_ENV \
    PYTHONNOUSERSITE=1 \
    XDG_RUNTIME_DIR="$tmp/xdg-runtime" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
    QGIS_DISABLE_MESSAGE_HOOKS=1 "$@" \
    timeout --kill-after=10 "$timeout_s" \
    xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" \
    qgis --profiles-path "$tmp/profiles" --profile test --nologo --noversioncheck \
         --code "$code" >"$log" 2>&1
}
