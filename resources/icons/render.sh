#!/bin/sh
# SPDX-License-Identifier: MIT
# Renders every SVG here to the PNG sizes the app loads (SVG does not survive the
# StatusNotifierItem transfer, and the app needs no SVG module). The PNGs are committed;
# run this after editing an SVG. Needs rsvg-convert (Debian: librsvg2-bin).
set -eu
cd "$(dirname "$0")"
for svg in *.svg; do
    name=${svg%.svg}
    for size in 16 22 24 32 48 64 128 256; do
        rsvg-convert -w "$size" -h "$size" "$svg" -o "$name-$size.png"
    done
done
