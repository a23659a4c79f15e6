#!/usr/bin/env bash
# Installs every Debian 12 package jitsim needs to build, test, benchmark and run its notebooks.
# Safe to re-run: apt skips what is already installed. Needs root (or sudo).
set -euo pipefail
packages=(
  g++ cmake ninja-build
  libboost-random-dev libboost-dev libeigen3-dev libcli11-dev libfmt-dev doctest-dev
  libtomlplusplus-dev nlohmann-json3-dev libbenchmark-dev libopenmpi-dev openmpi-bin
  python3-pandas python3-matplotlib python3-nbformat python3-nbclient python3-nbconvert
  jupyter-nbconvert python3-ipykernel chromium
  clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
