#!/usr/bin/env bash
# Torch-free install of one Open WebUI release from PyPI into a cached venv, then a smoke start.
# Usage: install-openwebui.sh <version>   (exit 0 = installed and started; marker written)
# See docs/test-world.md "Real Open WebUI" for why dropping the local-ML packages is safe.
set -euo pipefail
V="$1"
CACHE="${TMT_CACHE_DIR:-$HOME/.cache/task-model-tuner}"
DIR="$CACHE/openwebui/$V"
MARK="$DIR/.installed"
UV="$CACHE/tools/venv/bin/uv"
PY="${TMT_PYTHON:-python3}"
export UV_NATIVE_TLS=1 UV_HTTP_TIMEOUT=300

if [[ -f "$MARK" ]]; then echo "open-webui $V: cached ($DIR)"; exit 0; fi
t0=$(date +%s)
rm -rf "$DIR"; mkdir -p "$DIR"
"$UV" venv -q --python "$PY" "$DIR/venv"
VPY="$DIR/venv/bin/python"
# never the sdist: its build hook runs npm
"$UV" pip install -q --python "$VPY" --no-deps --only-binary open-webui "open-webui==$V"
"$VPY" - > "$DIR/reqs.txt" <<'EOF'
import importlib.metadata as md, re
SKIP = {"torch","torchvision","torchaudio","sentence-transformers","transformers","accelerate",
        "faster-whisper","ctranslate2","rapidocr","rapidocr-onnxruntime","opencv-python",
        "opencv-python-headless","colbert-ai","playwright","unstructured","einops"}
for r in md.requires("open-webui") or []:
    if "extra ==" in r:
        continue
    name = re.split(r"[\[<>=!~;\s]", r, maxsplit=1)[0].lower().replace("_", "-")
    if name not in SKIP:
        print(r)
print("huggingface-hub")
print("itsdangerous")  # starlette sessions; older releases got it only through dropped packages
EOF
"$UV" pip install -q --python "$VPY" -r "$DIR/reqs.txt"
t1=$(date +%s)
echo "open-webui $V: installed in $((t1 - t0)) s"

# smoke start: fresh data dir, no Ollama behind it; /health must answer
"$(dirname "$0")/smoke-openwebui.sh" "$V"
echo "$V" > "$MARK"
echo "open-webui $V: ready (install+smoke $(( $(date +%s) - t0 )) s)"
