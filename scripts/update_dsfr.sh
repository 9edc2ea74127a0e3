#!/usr/bin/env bash
# Refresh the vendored DSFR (French State design system) files under bot/web/static/dsfr/.
#
# Usage: scripts/update_dsfr.sh [VERSION]   (default: the latest published @gouvfr/dsfr)
#
# Only what the pages use is copied: the minified CSS and JS (module + nomodule), the
# Marianne/Spectral fonts, the favicon set, and the icons that dsfr.min.css references.
# Needs npm and network access; run it by hand, commit the result.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/bot/web/static/dsfr"
VERSION="${1:-$(npm view @gouvfr/dsfr version)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "@gouvfr/dsfr@$VERSION" >/dev/null)
tar -xzf "$WORK"/gouvfr-dsfr-*.tgz -C "$WORK"
DIST="$WORK/package/dist"

rm -rf "$DEST"
mkdir -p "$DEST/fonts" "$DEST/favicon"
cp "$DIST/dsfr.min.css" "$DIST/dsfr.module.min.js" "$DIST/dsfr.nomodule.min.js" "$DEST/"
cp "$DIST"/fonts/*.woff2 "$DIST"/fonts/*.woff "$DEST/fonts/"
cp "$DIST"/favicon/* "$DEST/favicon/"
cp "$WORK/package/LICENSE.md" "$DEST/LICENSE.md"

# Every icon the stylesheet points at, so that no component asks for a missing file.
grep -o 'url(icons/[^)]*)' "$DIST/dsfr.min.css" | sed -e 's/^url(//' -e 's/)$//' | sort -u |
    while read -r icon; do
        mkdir -p "$DEST/$(dirname "$icon")"
        cp "$DIST/$icon" "$DEST/$icon"
    done

echo "$VERSION" > "$DEST/VERSION"
echo "DSFR $VERSION copied to $DEST ($(du -sh "$DEST" | cut -f1))"
