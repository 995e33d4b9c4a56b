#!/usr/bin/env python3
"""Write the deterministic test GGUFs for the real-peer e2e suite (needs the PyPI packages gguf, numpy).

Usage: make_models.py <out-dir>

Every text model is a "successor" llama: all attention/FFN weights zero, one-hot embeddings, and an
output matrix that maps "anything" -> "▁Hello" -> "▁from" -> ... -> "▁model." -> </s>. So for any
prompt it answers " Hello from the tiny test model." and stops (docs/test-world.md "Real Ollama").

Files written:
  tiny.gguf    E=128, 2 layers, ~0.4 M parameters, ~1.6 MB  (the everyday model)
  pull.gguf    the same model under another general.name, so its digest differs (served by the
               loopback registry; it must not already be in Ollama's blob store)
  large.gguf   E=1024, 16 heads, FF=4096, 2 layers, ~34 M parameters, ~136 MB: same answer, clearly
               slower per token (for benchmark ordering)
  embed.gguf   tiny + llama.pooling_type, so Ollama reports the "embedding" capability only
"""
import os
import sys

import gguf
import numpy as np

SPECIALS = [("<unk>", 2), ("<s>", 3), ("</s>", 3), ("<|assistant|>", 3)]
CHAIN = ["\u2581Hello", "\u2581from", "\u2581the", "\u2581tiny", "\u2581test", "\u2581model."]


def write(path, name, E, H, FF, L, CTX=2048, pooling=None):
    KV = H
    hd = E // H
    tokens = [t for t, _ in SPECIALS] + [f"<0x{b:02X}>" for b in range(256)] + CHAIN
    types = [k for _, k in SPECIALS] + [6] * 256 + [1] * len(CHAIN)  # python ints -> INT32 array
    scores = [0.0] * (len(SPECIALS) + 256) + [-float(i + 1) for i in range(len(CHAIN))]  # FLOAT32
    V = len(tokens)
    tid = {t: i for i, t in enumerate(tokens)}

    emb = np.zeros((V, E), np.float32)
    emb[:, 0] = 1.0
    out = np.zeros((V, E), np.float32)
    for k, t in enumerate(CHAIN):
        emb[tid[t]] = 0.0
        emb[tid[t], k + 1] = 1.0
    out[tid[CHAIN[0]], 0] = 5.0  # anything else -> "▁Hello"
    for k in range(len(CHAIN) - 1):
        out[tid[CHAIN[k + 1]], k + 1] = 5.0  # word k -> word k+1
    out[tid["</s>"], len(CHAIN)] = 5.0  # last word -> EOS

    tmp = path + ".tmp"
    w = gguf.GGUFWriter(tmp, "llama")
    w.add_name(name)
    w.add_file_type(0)
    w.add_context_length(CTX)
    w.add_embedding_length(E)
    w.add_block_count(L)
    w.add_feed_forward_length(FF)
    w.add_head_count(H)
    w.add_head_count_kv(KV)
    w.add_rope_dimension_count(hd)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    if pooling is not None:
        w.add_pooling_type(pooling)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)

    def z(*s):
        return np.zeros(s, np.float32)

    def one(n):
        return np.ones(n, np.float32)

    w.add_tensor("token_embd.weight", emb)
    w.add_tensor("output_norm.weight", one(E))
    w.add_tensor("output.weight", out)
    for i in range(L):
        w.add_tensor(f"blk.{i}.attn_norm.weight", one(E))
        w.add_tensor(f"blk.{i}.attn_q.weight", z(H * hd, E))
        w.add_tensor(f"blk.{i}.attn_k.weight", z(KV * hd, E))
        w.add_tensor(f"blk.{i}.attn_v.weight", z(KV * hd, E))
        w.add_tensor(f"blk.{i}.attn_output.weight", z(E, H * hd))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", one(E))
        w.add_tensor(f"blk.{i}.ffn_gate.weight", z(FF, E))
        w.add_tensor(f"blk.{i}.ffn_up.weight", z(FF, E))
        w.add_tensor(f"blk.{i}.ffn_down.weight", z(E, FF))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, path)
    params = V * E * 2 + E + L * (2 * E + 4 * E * E + 3 * E * FF)
    print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, {params} parameters")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "tiny.gguf"), "tiny-test", E=128, H=2, FF=256, L=2)
    write(os.path.join(out, "pull.gguf"), "tiny-pull-test", E=128, H=2, FF=256, L=2)
    write(os.path.join(out, "embed.gguf"), "tiny-embed-test", E=128, H=2, FF=256, L=2,
          pooling=gguf.PoolingType.MEAN)
    write(os.path.join(out, "large.gguf"), "large-test", E=1024, H=16, FF=4096, L=2)


if __name__ == "__main__":
    main()
