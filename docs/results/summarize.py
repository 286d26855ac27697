#!/usr/bin/env python3
"""Writes docs/results.md from the eval.json and policy files docs/results/run-evals.sh produced (stdout)."""
import json, os, re, sys

out = sys.argv[1] if len(sys.argv) > 1 else "docs/results"
names = sorted(d for d in os.listdir(out) if os.path.isfile(os.path.join(out, d, "eval.json")) and not d.endswith("-adaptive"))
adaptive_names = [n for n in names if os.path.isfile(os.path.join(out, n + "-adaptive", "eval.json"))]


def f(x, fmt="{:.1f}"):
    return "n/a" if x is None else fmt.format(x)


def ibc(p, s, l):
    return 100 * (((p["quality"] - s["quality"]) / (p["cost"] - s["cost"])) / ((l["quality"] - s["quality"]) / (l["cost"] - s["cost"])) - 1)


rows, three, two_rt, two_thr, two_off = [], [], [], [], []
for name in names:
    d = json.load(open(os.path.join(out, name, "eval.json")))
    policy = open(os.path.join(out, name, "policy.automix.yaml")).read()
    method = re.search(r'^    method: "(.*)"$', policy, re.M)
    chosen = re.search(r"for (.*?);", method.group(1)).group(1) if method else "max-ibc under the model (no selection)"
    rt, off = d["runtime"], d["offline"]
    thr = (d["baselines"].get("bestThreshold") or {})
    tiers = " → ".join(t["model"] for t in d["tiers"])
    ci = rt.get("deltaIbcInterval") or {}
    seeds = rt.get("seeds") or {}
    always = {a["tier"]: a for a in d["baselines"]["alwaysTier"]}
    row = (f"| {name} | {tiers} | **{f(rt['deltaIbc'])}** [{f(ci.get('low'), '{:.0f}')}, {f(ci.get('high'), '{:.0f}')}] "
           f"| {f(seeds.get('standardDeviation'))} ({f(seeds.get('min'))} … {f(seeds.get('max'))}) | {f(off['deltaIbc'])} "
           f"| {f(thr.get('deltaIbc'))} | {rt['quality']:.3f} | {rt['cost']:.2f} | {chosen} |")
    rows.append(row)
    if len(d["tiers"]) == 3:
        med = ibc(always["medium"], always["small"], always["large"])
        subs = ", ".join(f"{c['from']}→{c['to']} {f(c['deltaIbc'])}" for c in d["baselines"].get("subCascades", []))
        three.append(f"| {name} | **{f(rt['deltaIbc'])}** | {med:.1f} | {subs} |")
    else:
        two_rt.append(rt["deltaIbc"]); two_off.append(off["deltaIbc"]); two_thr.append(thr.get("deltaIbc") or float("nan"))

mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
print("""# Measured results

Regenerate everything on this page with one command (needs `../shared/data` beside the checkout):

```bash
docs/results/run-evals.sh
```

It writes one policy per configuration (paper unit costs: small 1, large 50, each verifier one call of its tier; three
tiers 1 : 10 : 50), runs `automix calibrate` **with no flags** on the train part and `automix eval --json` on the test part
(rational-cascades: `*.train.jsonl` / `*.test.jsonl`; mot-cascade: even / odd lines). Verifiers: logprob on mmlu,
self-verification with k = 8 on triviaqa, self-consistency with k = 8 on mot-cascade. Nothing is tuned per dataset:
every number is what a user gets by default. Per configuration, `docs/results/<name>/` keeps the calibrated policy,
`calibrate.txt` (what cross-validation chose and why), `eval.json`, `report.md` and `cost-quality.svg`.

## How the default works

- **What is modelled is what the runtime sees.** A sampled verifier (self-verification, self-consistency) makes the
  runtime bin the share of k sampled verdicts or answers that agree, a Binomial(k, c) draw around the recorded
  confidence c; calibration fits each state's observation row as that Binomial mixture over its rows (logprob bins c
  itself). The offline replay is the exact expectation of the runtime over those draws; the runtime replay is the mean
  of 200 seeded runs of the real `AutoMixCascade` over recorded-run backends, and its 90 % interval resamples both the
  queries and the seeds. Every baseline is replayed through the same observation process.
- **Verification and the starting tier are decisions.** The solver may start at any tier, answer a tier unverified
  (saving its verifier) and route to any later tier.
- **The operating point is chosen by what generalizes.** `automix calibrate` runs 5-fold cross-validation (3 reshuffles)
  on the train rows over: the binning of logprob verifiers (the policy's 9 equal bins, or 5/8/12/16 quantile bins),
  the smoothing (add-alpha 0.25/1/4, Gaussian KDE with Silverman, 0.05 or 0.15 bandwidth), and the table (POMDP at
  λ = f · IBC* of the fold's model for f in 0.2 … 0.95, POMDP max-IBC under the model, or a single threshold). The best
  pooled held-out ΔIBC wins; it is written to `model.selection` (and `model.binning`), so a rebuild reproduces it.

ΔIBC (percent) = 100 · (IBC(M) − IBC(always-large)) / IBC(always-large), IBC(M) = (P(M) − P(small)) / (C(M) − C(small)).

## Results (test rows, CLI defaults)

| configuration | cascade | runtime ΔIBC [90 % CI] | seed sd (min … max) | offline ΔIBC | best threshold ΔIBC | quality | cost/query | chosen by cross-validation |
|---|---|---:|---:|---:|---:|---:|---:|---|""")
print("\n".join(rows))
print(f"""
Two-tier configurations ({len(two_rt)}): mean runtime ΔIBC **{mean(two_rt):.1f}**, offline {mean(two_off):.1f}, best threshold
(chosen on train, replayed through the same k-sample observation) {mean(two_thr):.1f}.

For scale: the issue that set the goal measured the best table over these observations chosen *in hindsight on the test
rows* at a mean of 131.7, and a threshold chosen on train at about 119. The default rule above never looks at test rows;
on these nine configurations it matches the threshold rule on average (both within the noise of ~300 training rows), and
it is at the hindsight table on six of them; the gap is on the logprob (mmlu) rows, where the train-optimal and
test-optimal thresholds differ widely (e.g. mmlu 8b→70b: 0.86 on train, 0.49 on test).

## Three tiers

| configuration | AutoMix runtime ΔIBC | always-medium ΔIBC | two-tier sub-cascades (best threshold on train, replayed on test) |
|---|---:|---:|---|""")
print("\n".join(three))

adaptive_rows, a_delta, a_samples, a_rounds = [], [], [], []
for name in adaptive_names:
    fixed = json.load(open(os.path.join(out, name, "eval.json")))
    adaptive = json.load(open(os.path.join(out, name + "-adaptive", "eval.json")))
    fr, ar = fixed["runtime"], adaptive["runtime"]
    if fr.get("verifierSamplesPerQuery") is None or ar.get("verifierSamplesPerQuery") is None:
        continue
    aci = ar.get("deltaIbcInterval") or {}
    # A cascade whose table never verifies (both answer with one tier) draws no samples: no share to give.
    share = ar["verifierSamplesPerQuery"] / fr["verifierSamplesPerQuery"] if fr["verifierSamplesPerQuery"] > 0 else None
    added = ar["verifierRoundsPerQuery"] - fr["verifierRoundsPerQuery"]
    a_delta.append((ar["deltaIbc"] or 0) - (fr["deltaIbc"] or 0)); a_rounds.append(added)
    if share is not None:
        a_samples.append(share)
    adaptive_rows.append(
        f"| {name} | {f(fr['deltaIbc'])} | **{f(ar['deltaIbc'])}** [{f(aci.get('low'), '{:.0f}')}, {f(aci.get('high'), '{:.0f}')}] "
        f"| {fr['verifierSamplesPerQuery']:.2f} | {ar['verifierSamplesPerQuery']:.2f} ({'n/a' if share is None else f'{100 * share:.0f} %'}) "
        f"| {fr['verifierRoundsPerQuery']:.2f} | {ar['verifierRoundsPerQuery']:.2f} (+{added:.2f}) | {fr['cost']:.2f} | {ar['cost']:.2f} |")

if adaptive_rows:
    print("""
## Adaptive verification

Every configuration with a sampled verifier, run again with `adaptive: true` on its verifiers (rounds of 2 samples up
to the same k = 8; per-sample cost = verifier cost / 8, no per-round cost: the defaults) and otherwise the same
command: `automix calibrate` with no flags, `automix eval` on the test rows (`docs/results/<name>-adaptive/`). Both
columns are runtime replays (mean of 200 seeds); samples and rounds are verifier samples and sequential verifier rounds
per query, counted from the runtime's traces (a fixed-k visit is one round of 8).

| configuration | fixed k = 8 ΔIBC | adaptive ΔIBC [90 % CI] | samples/query fixed | adaptive (share) | rounds/query fixed | adaptive (added) | cost/query fixed | adaptive |
|---|---:|---:|---:|---:|---:|---:|---:|---:|""")
    print("\n".join(adaptive_rows))
    print(f"""
Over these {len(adaptive_rows)} configurations adaptive verification changes runtime ΔIBC by {mean(a_delta):+.1f} on average
(worst {min(a_delta):+.1f}), draws {100 * mean(a_samples):.0f} % of the fixed verifier's samples on the {len(a_samples)} that verify
(at most {100 * max(a_samples):.0f} %) and adds {mean(a_rounds):.2f} sequential rounds per query (at most {max(a_rounds):.2f}). A row
with 0 samples is a cascade whose table, fixed or adaptive, never verifies (its small model is not worth checking).""")
