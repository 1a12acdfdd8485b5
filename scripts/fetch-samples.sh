#!/usr/bin/env bash
# Fetches real sample photos and videos from Debian packages into the git-ignored .cache/samples/:
#   dlib-faces/  dlib's examples/faces (PASCAL VOC photos, 43 face boxes in training.xml + testing.xml)
#   opencv/      opencv-doc's examples/data images
#   video/       opencv-doc's vtest.avi and Megamind.avi
# Apt runs with a private source list and private lists/cache, derived at run time from this
# machine's own apt sources (so no mirror is named in the repo, and the machine's apt state is
# never touched). Idempotent: a verified set with its marker file is kept without network access.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.cache/samples"

dlib_src_pkg="dlib"
opencv_pkg="opencv-doc"
opencv_data="usr/share/doc/opencv-doc/examples/data"
videos=(vtest.avi Megamind.avi)
# Expected contents; a mismatch means the package changed and the tests' assumptions need a look.
dlib_jpgs=12
dlib_boxes=43
opencv_images_min=91

die() { echo "samples: $*" >&2; exit 1; }
count() { find "$1" -maxdepth 1 -type f \( "${@:2}" \) | wc -l; }
image_names=(-iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.bmp' -o -iname '*.tif' -o -iname '*.tiff' -o -iname '*.webp')

# ---- verification (also the cache check: cheap, local only) ----

verify_dlib() {
  local d="$dest/dlib-faces" f boxes
  [ -d "$d" ] || return 1
  [ "$(count "$d" -iname '*.jpg')" -eq "$dlib_jpgs" ] || return 1
  for f in training.xml testing.xml training_with_face_landmarks.xml testing_with_face_landmarks.xml LICENSE.txt; do
    [ -s "$d/$f" ] || return 1
  done
  boxes=$(cat "$d/training.xml" "$d/testing.xml" | grep -c '<box ')
  [ "$boxes" -eq "$dlib_boxes" ]
}

verify_opencv() {
  local v
  [ -d "$dest/opencv" ] && [ "$(count "$dest/opencv" "${image_names[@]}")" -ge "$opencv_images_min" ] || return 1
  for v in "${videos[@]}"; do [ -s "$dest/video/$v" ] || return 1; done
}

# A set counts as cached only when its marker exists and its files still verify.
cached() { [ -f "$dest/.$1.ok" ] && "verify_$1"; }

summary_dlib() {
  local d="$dest/dlib-faces"
  echo "samples: dlib-faces: $(count "$d" -iname '*.jpg') jpg, $(count "$d" -iname '*.xml') xml," \
    "$(cat "$d/training.xml" "$d/testing.xml" | grep -c '<box ') face boxes ($d)"
}

summary_opencv() {
  echo "samples: opencv: $(count "$dest/opencv" "${image_names[@]}") images ($dest/opencv)"
  echo "samples: video: $(count "$dest/video" -iname '*.avi') videos: ${videos[*]} ($dest/video)"
}

# ---- private apt ----

# One-line entries (sources.list, *.list): repeat each deb/deb-src entry as both types.
oneline_sources() {
  awk '$1 == "deb" || $1 == "deb-src" { $1 = ""; print "deb" $0; print "deb-src" $0 }' "$@" | sort -u
}

# deb822 entries (*.sources): keep each stanza as is (keys, Enabled:, architectures) but ask for
# both binary and source indexes.
deb822_sources() {
  awk 'tolower($0) ~ /^types:/ { print "Types: deb deb-src"; next } { print }' "$1"
}

# Builds the private source list in $work from the machine's enabled apt sources.
derive_sources() {
  local f n=0
  mkdir -p "$work/parts"
  : >"$work/sources.list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && oneline_sources "$f" >>"$work/sources.list"
  done
  # apt itself reads only *.list and *.sources, so *.disabled* files are skipped by the globs.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    deb822_sources "$f" >"$work/parts/$(basename "$f")"
    n=$((n + 1))
  done
  if [ ! -s "$work/sources.list" ] && [ "$n" -eq 0 ]; then
    die "no apt sources found in /etc/apt/sources.list or /etc/apt/sources.list.d/"
  fi
}

apt_private() {
  apt-get -q \
    -o Dir::Etc::SourceList="$work/sources.list" \
    -o Dir::Etc::SourceParts="$work/parts" \
    -o Dir::State::Lists="$work/lists" \
    -o Dir::Cache="$work/cache" \
    "$@"
}

# dlib's tarball is .tar.bz2; bzip2 is only "standard" priority, so a minimal image may lack it.
need_bzip2() {
  command -v bzip2 >/dev/null && return
  echo "samples: installing bzip2 (needed to unpack dlib's source tarball)"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet: update only when the first try fails.
  apt-get install -y -q --no-install-recommends bzip2 >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends bzip2 >/dev/null; } ||
    die "bzip2 is missing and 'apt-get install bzip2' failed"
}

apt_init() {
  need_bzip2
  derive_sources
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/dl"
  # apt downloads as the _apt user; letting it write the download dir avoids the unsandboxed warning.
  if id _apt >/dev/null 2>&1; then chown _apt "$work/dl"; fi
  # A third-party repo that is unreachable makes update exit non-zero although Debian's indexes
  # arrived; the download step below then reports clearly if the package is really missing.
  if ! apt_private update >"$work/update.log" 2>&1; then
    echo "samples: warning: 'apt-get update' with the private source list reported errors:" >&2
    grep -E '^(E|W):' "$work/update.log" >&2 || true
  fi
}

# ---- dlib faces ----

# Downloads only the main upstream tarball of the dlib source package (the source package also
# has a 200 MB models tarball we do not need), checked against the hash in the signed index.
download_dlib_orig() {
  local line uri name hash
  line=$(cd "$work/dl" && apt_private source --print-uris "$dlib_src_pkg" 2>/dev/null |
    grep -E "^'[^']+' ${dlib_src_pkg}_[^ ]+\.orig\.tar\.[a-z0-9]+ " | head -n 1) ||
    die "could not find source package '$dlib_src_pkg' (is there a Debian main entry in the apt sources?)"
  uri=$(echo "$line" | awk '{print $1}' | tr -d "'")
  name=$(echo "$line" | awk '{print $2}')
  hash=$(echo "$line" | awk '{print $4}')
  /usr/lib/apt/apt-helper -q download-file "$uri" "$work/dl/$name" "$hash" >/dev/null ||
    die "download of $name (source package $dlib_src_pkg) failed"
  echo "$work/dl/$name"
}

fetch_dlib() {
  local tarball out="$dest/dlib-faces"
  rm -f "$dest/.dlib.ok"
  tarball=$(download_dlib_orig)
  mkdir -p "$work/dlib"
  # Patterns skip the tarball's top directory (named after the version) without listing it first.
  tar -xf "$tarball" -C "$work/dlib" --strip-components=1 --wildcards --no-wildcards-match-slash \
    '*/examples/faces/*' '*/LICENSE.txt' '*/examples/LICENSE_FOR_EXAMPLE_PROGRAMS.txt' ||
    die "$(basename "$tarball") has no examples/faces/ or LICENSE.txt"
  rm -rf "$out" && mkdir -p "$out"
  cp "$work/dlib/examples/faces/"* "$work/dlib/LICENSE.txt" \
    "$work/dlib/examples/LICENSE_FOR_EXAMPLE_PROGRAMS.txt" "$out/"
  chmod 644 "$out"/*  # some photos carry an executable bit in the tarball
  verify_dlib || die "dlib-faces check failed: want $dlib_jpgs jpg, the 4 xml files and $dlib_boxes face boxes in $out"
  basename "$tarball" >"$dest/.dlib.ok"
}

# ---- opencv-doc images and videos ----

fetch_opencv() {
  local deb data f
  rm -f "$dest/.opencv.ok"
  (cd "$work/dl" && apt_private download "$opencv_pkg" >"$work/download.log" 2>&1) ||
    { cat "$work/download.log" >&2; die "apt-get download $opencv_pkg failed"; }
  deb=$(ls "$work/dl/${opencv_pkg}"_*.deb)
  mkdir -p "$work/opencv"
  # Extract only what we need: the full package unpacks to ~270 MB of HTML.
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/opencv" "./$opencv_data" ./usr/share/doc/opencv-doc/copyright ||
    die "$(basename "$deb") has no $opencv_data"
  data="$work/opencv/$opencv_data"
  # Debian may gzip large doc files; the tests want plain images and videos.
  find "$data" -maxdepth 1 -type f -name '*.gz' -exec gunzip -f {} +
  rm -rf "$dest/opencv" "$dest/video" && mkdir -p "$dest/opencv" "$dest/video"
  find "$data" -maxdepth 1 -type f \( "${image_names[@]}" \) -exec cp {} "$dest/opencv/" \;
  cp "$work/opencv/usr/share/doc/opencv-doc/copyright" "$dest/opencv/opencv-doc.copyright"
  for f in "${videos[@]}"; do
    [ -f "$data/$f" ] || die "$(basename "$deb") has no $opencv_data/$f"
    cp "$data/$f" "$dest/video/"
  done
  cp "$work/opencv/usr/share/doc/opencv-doc/copyright" "$dest/video/opencv-doc.copyright"
  verify_opencv || die "opencv check failed: want >= $opencv_images_min images in $dest/opencv and ${videos[*]} in $dest/video"
  basename "$deb" >"$dest/.opencv.ok"
}

main() {
  local need=()
  cached dlib || need+=(dlib)
  cached opencv || need+=(opencv)
  if [ ${#need[@]} -gt 0 ]; then
    mkdir -p "$dest"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    chmod 755 "$work"
    apt_init
    local set
    for set in "${need[@]}"; do "fetch_$set"; done
  fi
  summary_dlib
  summary_opencv
  [ ${#need[@]} -gt 0 ] || echo "samples: all sets cached"
}

main "$@"
