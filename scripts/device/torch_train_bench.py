#!/usr/bin/env python3
"""Training throughput of transformers' DeepseekV3ForCausalLM on the GPU, for the ratio against
bench_cuda_train (same shapes as dseek's `moe-400m` training preset, src/train/trainer.cpp).

    python3 scripts/device/torch_train_bench.py [--batch 8] [--seq 1024] [--steps 6] [--json out.json]

PyTorch eager as people run it: fp32 master weights, BF16 autocast, torch.optim.AdamW (fused when
available), loss = main next-token cross-entropy (transformers does not train the MTP layer).
"""
import argparse
import json
import time

import torch
from transformers import DeepseekV3Config, DeepseekV3ForCausalLM

MOE_400M = dict(  # = training_model_config("moe-400m") without the MTP layer
    vocab_size=8192, hidden_size=1024, intermediate_size=2816, moe_intermediate_size=512, num_hidden_layers=8,
    first_k_dense_replace=1, num_attention_heads=16, num_key_value_heads=16, q_lora_rank=384, kv_lora_rank=256,
    qk_nope_head_dim=64, qk_rope_head_dim=32, v_head_dim=64, n_routed_experts=32, n_shared_experts=2,
    num_experts_per_tok=4, n_group=4, topk_group=2, routed_scaling_factor=2.5, norm_topk_prob=True,
    max_position_embeddings=4096, rope_theta=10000.0, rms_norm_eps=1e-6, tie_word_embeddings=False,
    num_nextn_predict_layers=0, attention_bias=False, attention_dropout=0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=1024)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    torch.manual_seed(0)
    cfg = DeepseekV3Config(**MOE_400M)
    try:
        cfg._attn_implementation = "sdpa"
    except Exception:
        pass
    model = DeepseekV3ForCausalLM(cfg).cuda().train()
    try:
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1, fused=True)
    except TypeError:
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1)
    ids = torch.randint(0, cfg.vocab_size, (a.batch, a.seq), device="cuda")
    times = []
    for s in range(a.steps + 2):
        torch.cuda.synchronize()
        t0 = time.time()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        torch.cuda.synchronize()
        if s >= 2:
            times.append(time.time() - t0)
    mean = sum(times) / len(times)
    tok = a.batch * a.seq
    n = sum(p.numel() for p in model.parameters())
    print(f"transformers DeepseekV3ForCausalLM ({n/1e6:.1f}M params), {a.batch} x {a.seq} tokens, bf16 autocast: "
          f"step {mean*1e3:.1f} ms (best {min(times)*1e3:.1f}), {tok/mean:.0f} tokens/s, "
          f"peak memory {torch.cuda.max_memory_allocated()/2**30:.1f} GiB, loss {float(loss):.3f}")
    if a.json:
        json.dump(dict(step_ms=mean * 1e3, best_ms=min(times) * 1e3, tok_s=tok / mean, params=n), open(a.json, "w"))


if __name__ == "__main__":
    main()
