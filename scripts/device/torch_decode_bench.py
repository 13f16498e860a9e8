#!/usr/bin/env python3
"""torch_decode_bench.py — the PyTorch + transformers side of the GPU comparison
(run ON THE GPU MACHINE): DeepseekV3ForCausalLM with dseek's `v3-4l` preset
(DeepSeek-V3's real layer shapes cut to 4 layers, 256 experts; transformers
has no MTP layer, so it is left out on both sides of the comparison), random
BF16 weights created directly on the GPU, greedy decoding with the KV cache.
Prints prefill and decode tokens/s per batch size and writes JSON (--json).
Compare with: bench_cuda_decode --preset v3-4l --dtype bf16 --batch 1,16.
"""
import argparse, json, time

import torch
from transformers import DeepseekV3Config, DeepseekV3ForCausalLM


def v3_4l():
    return DeepseekV3Config(
        vocab_size=129280, hidden_size=7168, intermediate_size=18432, moe_intermediate_size=2048,
        num_hidden_layers=4, num_attention_heads=128, num_key_value_heads=128, n_shared_experts=1,
        n_routed_experts=256, routed_scaling_factor=2.5, kv_lora_rank=512, q_lora_rank=1536,
        qk_rope_head_dim=64, v_head_dim=128, qk_nope_head_dim=128, n_group=8, topk_group=4,
        num_experts_per_tok=8, first_k_dense_replace=1, norm_topk_prob=True, max_position_embeddings=163840,
        rope_scaling={"type": "yarn", "factor": 40, "original_max_position_embeddings": 4096,
                      "beta_fast": 32, "beta_slow": 1, "mscale": 1.0, "mscale_all_dim": 1.0},
        rope_theta=10000, rms_norm_eps=1e-6, tie_word_embeddings=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", default="1,16")
    ap.add_argument("--prompt", type=int, default=512)
    ap.add_argument("--gen", type=int, default=16)
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    torch.manual_seed(0)
    cfg = v3_4l()
    t0 = time.time()
    torch.set_default_dtype(torch.bfloat16)
    with torch.device("cuda"):
        model = DeepseekV3ForCausalLM(cfg)
    model.eval()
    torch.cuda.synchronize()
    print(f"transformers {__import__('transformers').__version__}, torch {torch.__version__}: built v3-4l bf16 in {time.time() - t0:.1f} s, "
          f"{sum(p.numel() for p in model.parameters()) / 1e9:.2f} B params", flush=True)
    out = {"preset": "v3-4l", "dtype": "bf16", "prompt": a.prompt, "gen": a.gen, "runs": []}
    print("| batch | prefill tok/s | decode tok/s |\n|---:|---:|---:|", flush=True)
    for b in [int(x) for x in a.batch.split(",")]:
        # The same prompts as bench_cuda_decode: a different one per sequence.
        pos = torch.arange(a.prompt, device="cuda").unsqueeze(0)
        seq = torch.arange(b, device="cuda").unsqueeze(1)
        ids = (pos * 7919 + 13 + seq * 104729) % cfg.vocab_size
        with torch.no_grad():
            model(ids[:, :16])  # warm-up
            torch.cuda.synchronize()
            t0 = time.time()
            model(ids)
            torch.cuda.synchronize()
            tp = time.time() - t0
            mask = torch.ones_like(ids)
            model.generate(ids, attention_mask=mask, max_new_tokens=2, min_new_tokens=2, do_sample=False)  # warm-up
            torch.cuda.synchronize()
            t0 = time.time()
            model.generate(ids, attention_mask=mask, max_new_tokens=1, min_new_tokens=1, do_sample=False)
            torch.cuda.synchronize()
            t1 = time.time()
            model.generate(ids, attention_mask=mask, max_new_tokens=a.gen + 1, min_new_tokens=a.gen + 1, do_sample=False)
            torch.cuda.synchronize()
            t2 = time.time()
        td = (t2 - t1) - (t1 - t0)  # minus the prefill + first token
        r = {"batch": b, "prefill_tok_s": b * a.prompt / tp, "decode_tok_s": b * a.gen / td}
        out["runs"].append(r)
        print(f"| {b} | {r['prefill_tok_s']:.0f} | {r['decode_tok_s']:.1f} |", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
