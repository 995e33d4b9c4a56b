#!/usr/bin/env bash
# Start a cached Open WebUI once on a free port with a fresh DATA_DIR, wait for /health, stop it.
# Usage: smoke-openwebui.sh <version>
set -euo pipefail
V="$1"
CACHE="${TMT_CACHE_DIR:-$HOME/.cache/task-model-tuner}"
DIR="$CACHE/openwebui/$V"
DATA=$(mktemp -d -t tmt-owui-smoke.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
t0=$(date +%s)
(
  cd "$DATA"
  exec env DATA_DIR="$DATA" WEBUI_SECRET_KEY=tmt-smoke-secret OLLAMA_BASE_URL=http://127.0.0.1:9 \
    ENABLE_OPENAI_API=false RAG_EMBEDDING_ENGINE=ollama RAG_EMBEDDING_MODEL=nomic-embed-text \
    OFFLINE_MODE=true HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=false DO_NOT_TRACK=true SCARF_NO_ANALYTICS=true \
    ENABLE_EVALUATION_ARENA_MODELS=false USER_AGENT=tmt-smoke \
    setsid "$DIR/venv/bin/open-webui" serve --host 127.0.0.1 --port "$PORT"
) > "$DATA/server.log" 2>&1 &
PID=$!
ok=0
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then ok=1; break; fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 1
done
kill -TERM -- "-$PID" 2>/dev/null || true
for _ in $(seq 1 20); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
kill -KILL -- "-$PID" 2>/dev/null || true
if [[ $ok != 1 ]]; then
  echo "open-webui $V: did not start; last log lines:" >&2
  tail -40 "$DATA/server.log" >&2
  rm -rf "$DATA"
  exit 1
fi
echo "open-webui $V: cold start to /health $(( $(date +%s) - t0 )) s"
rm -rf "$DATA"
