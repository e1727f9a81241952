#!/usr/bin/env bash
# Vendor the front-end assets into renju/static/vendor/ from the npm registry.
#
# The platform runs on networks without internet access, so every CSS/JS/font
# file the templates use is committed to the repo and served by Django's
# staticfiles. Nothing is fetched at run time and no CDN is referenced.
#
# Run this only to (re)vendor or upgrade; it needs `npm` and access to the npm
# registry. Versions and tarball integrity hashes are pinned below: to upgrade,
# change the version, take the new hash from
#   npm view PKG@VERSION dist.integrity
# and re-run. Output is deterministic for a given set of pins.
#
# Usage: tools/vendor_static.sh
set -euo pipefail

# name (npm package) | exact version | npm dist.integrity (sha512, base64)
PACKAGES=(
  "bootstrap|5.3.9|sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w=="
  "bootstrap-icons|1.13.2|sha512-fAU1Ly3dH7hwRg+CB8EZ0Vl0fF80zgXHeUVJyfUOKzoURr+TbwISbCW5tKUoQLERaWYG2emTCybcPbD96hdD1A=="
  "htmx.org|2.0.11|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="
  "echarts|5.6.0|sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA=="
  "leaflet|1.9.4|sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$REPO_ROOT/renju/static/vendor"

for tool in npm node tar openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' is required" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Drop the trailing "sourceMappingURL" comment: the .map files are not vendored,
# and Django's ManifestStaticFilesStorage fails collectstatic on a missing map.
strip_sourcemap() {
  sed -i -E '/^[[:space:]]*(\/\/|\/\*)# sourceMappingURL=.*$/d' "$1"
}

# fetch NAME VERSION INTEGRITY -> extracts into $WORK/NAME/package
fetch() {
  local name="$1" version="$2" integrity="$3" tgz actual
  echo "==> $name@$version" >&2
  mkdir -p "$WORK/$name"
  tgz="$(cd "$WORK/$name" && npm pack --silent "$name@$version" | tail -n 1)"
  actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$name/$tgz" | openssl base64 -A)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "error: integrity mismatch for $name@$version" >&2
    echo "  expected $integrity" >&2
    echo "  got      $actual" >&2
    exit 1
  fi
  tar -xzf "$WORK/$name/$tgz" -C "$WORK/$name"
}

# fresh output dir for one vendored package (only our own subdirectories are touched)
outdir() {
  rm -rf "${VENDOR:?}/$1"
  mkdir -p "$VENDOR/$1"
  echo "$VENDOR/$1"
}

mkdir -p "$VENDOR"
VERSIONS_ROWS=()

for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r name version integrity <<<"$entry"
  fetch "$name" "$version" "$integrity"
  src="$WORK/$name/package"

  case "$name" in
    bootstrap)
      dest="$(outdir bootstrap)"
      install -m 0644 "$src/dist/css/bootstrap.min.css" "$dest/"
      install -m 0644 "$src/dist/js/bootstrap.bundle.min.js" "$dest/"
      strip_sourcemap "$dest/bootstrap.min.css"
      strip_sourcemap "$dest/bootstrap.bundle.min.js"
      ;;
    bootstrap-icons)
      # CSS references fonts/bootstrap-icons.woff2 and .woff relative to itself.
      dest="$(outdir bootstrap-icons)"
      install -m 0644 "$src/font/bootstrap-icons.min.css" "$dest/"
      mkdir -p "$dest/fonts"
      install -m 0644 "$src/font/fonts/bootstrap-icons.woff2" "$src/font/fonts/bootstrap-icons.woff" "$dest/fonts/"
      strip_sourcemap "$dest/bootstrap-icons.min.css"
      ;;
    htmx.org)
      name="htmx"
      dest="$(outdir htmx)"
      install -m 0644 "$src/dist/htmx.min.js" "$dest/"
      strip_sourcemap "$dest/htmx.min.js"
      ;;
    echarts)
      dest="$(outdir echarts)"
      install -m 0644 "$src/dist/echarts.min.js" "$dest/"
      strip_sourcemap "$dest/echarts.min.js"
      # Apache-2.0 asks that NOTICE travel with redistributions; the bundle
      # also contains code under licenses/LICENSE-d3.
      install -m 0644 "$src/NOTICE" "$dest/NOTICE"
      install -m 0644 "$src/licenses/LICENSE-d3" "$dest/LICENSE-d3"
      ;;
    leaflet)
      # CSS references images/*.png relative to itself; leaflet.js finds
      # marker-icon/marker-shadow via the stylesheet's location.
      dest="$(outdir leaflet)"
      install -m 0644 "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$dest/"
      mkdir -p "$dest/images"
      install -m 0644 "$src"/dist/images/*.png "$dest/images/"
      strip_sourcemap "$dest/leaflet.js"
      strip_sourcemap "$dest/leaflet.css"
      ;;
    *)
      echo "error: no copy rule for $name" >&2
      exit 1
      ;;
  esac

  install -m 0644 "$src/LICENSE" "$dest/LICENSE"
  pkgname="$(node -p "require(process.argv[1]).name" "$src/package.json")"
  license="$(node -p "require(process.argv[1]).license" "$src/package.json")"
  VERSIONS_ROWS+=("$(printf '%-16s %-16s %-9s %s' "$name" "$pkgname" "$version" "$license")")
done

{
  echo "# Vendored front-end assets. Generated by tools/vendor_static.sh - do not edit by hand."
  echo "# Source: npm registry tarballs (integrity-checked). Served locally; no CDN is used."
  printf '%-16s %-16s %-9s %s\n' "# dir" "npm package" "version" "license"
  printf '%s\n' "${VERSIONS_ROWS[@]}"
} >"$VENDOR/VERSIONS.txt"

echo "Vendored into ${VENDOR#"$REPO_ROOT"/}:" >&2
(cd "$VENDOR" && find . -type f | sort) >&2
du -sh "$VENDOR" >&2
