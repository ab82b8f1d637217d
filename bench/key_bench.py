"""Keying benchmark: Backlot against closed-form matting (pymatting), a colour-difference keyer and FFmpeg.

Every method keys the same synthetic plates with the same hints; `backlot score` computes every metric
against the exact ground truth, so all methods are measured by one implementation. Writes the tables to
bench/RESULTS.md (section "Keying") and raw numbers to bench/out/key_results.json.

    python3 bench/key_bench.py [--size 1920x1080] [--seeds 1,2] [--scenes solid,hair,...] [--no-closed-form]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BACKLOT = os.path.join(ROOT, ".build", "release", "backlot")
OUT = os.path.join(HERE, "out")
CATEGORIES = ["solid", "hair", "motion-blur", "glass", "smoke", "netting", "spill", "dark-noisy", "blue-screen"]
METRICS = [("sad", "SAD", "{:.2f}", False), ("bandMSE", "band MSE", "{:.5f}", False), ("gradient", "grad", "{:.3f}", False),
           ("connectivity", "conn", "{:.2f}", False), ("foregroundMSE", "fg MSE", "{:.5f}", False),
           ("recompositePSNR", "PSNR dB", "{:.2f}", True)]


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def score(plate_dir, alpha, fg):
    return json.loads(run([BACKLOT, "score", "--truth", plate_dir, "--alpha", alpha, "--fg", fg, "--json"]).stdout)


def key_backlot(plate_dir, out, hint=True):
    args = [BACKLOT, "key", plate_dir + "/plate.exr", "--output", out, "--passes", "fg,matte", "--quiet"]
    if hint:
        args += ["--hint", plate_dir + "/hint.png"]
    t = time.perf_counter()
    r = run(args + ["--timings"])
    seconds = time.perf_counter() - t
    return seconds, compute_seconds(r.stderr), out + "/matte/plate.exr", out + "/fg/plate.exr"


def compute_seconds(stderr):
    """The keyer's own time from `--timings` (every stage but read and write): the work peers are timed on."""
    line = next(l for l in stderr.splitlines() if l.startswith("timings:"))
    stages = [part.strip().rsplit(" ", 1) for part in line.split(": ", 2)[2].split(",")]
    return sum(float(v) for name, v in stages if name not in ("read", "write"))


def key_peer(method, plate_dir, out):
    """Runs a peer in this process (so numba's JIT for closed-form is paid once, not per plate)."""
    import peers
    os.makedirs(out, exist_ok=True)
    fn = {"closed-form": peers.closed_form, "colour-difference": peers.colour_difference, "ffmpeg": peers.ffmpeg_chromakey}[method]
    seconds = fn(plate_dir + "/plate.exr", plate_dir + "/hint.png", out)
    return seconds, out + "/matte.exr", out + "/fg.exr"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--scenes", default=",".join(CATEGORIES))
    ap.add_argument("--no-closed-form", action="store_true")
    opts = ap.parse_args()
    seeds = [int(s) for s in opts.seeds.split(",")]
    scenes = opts.scenes.split(",")
    methods = ["backlot", "backlot (no hint)", "colour-difference", "ffmpeg"] + ([] if opts.no_closed_form else ["closed-form"])
    results = {}
    for scene in scenes:
        for seed in seeds:
            name = f"{scene}-{seed}"
            plate = os.path.join(OUT, "plates", name)
            run([BACKLOT, "synth", "--scene", scene, "--seed", str(seed), "--size", opts.size, "--output", plate, "--quiet"])
            for method in methods:
                out = os.path.join(OUT, "keys", method.replace(" ", "").replace("(", "-").replace(")", ""), name)
                if method.startswith("backlot"):
                    secs, compute, a, f = key_backlot(plate, out, hint=method == "backlot")
                else:
                    secs, a, f = key_peer(method, plate, out)
                    compute = secs
                s = score(plate, a, f)
                s["seconds"] = secs
                s["compute"] = compute
                results.setdefault(scene, {}).setdefault(method, []).append(s)
                print(f"{name:18s} {method:18s} SAD {s['sad']:8.2f} bandMSE {s['bandMSE']:.5f} fg {s['foregroundMSE']:.5f} "
                      f"PSNR {s['recompositePSNR']:6.2f} {secs:7.2f}s", flush=True)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "key_results.json"), "w") as fh:
        json.dump({"size": opts.size, "seeds": seeds, "results": results}, fh, indent=1)
    write_markdown(results, opts, methods)


def mean(rows, key):
    return statistics.fmean(r[key] for r in rows)


def write_markdown(results, opts, methods):
    lines = [f"Plates: `backlot synth` at {opts.size}, seeds {opts.seeds}, one table per category (mean over seeds).",
             "Peers get the same plate and hint: closed-form = pymatting `estimate_alpha_cf` with a trimap made",
             "from the hint by 25 px erosion/dilation, then `estimate_foreground_ml`; colour-difference = IBK-style",
             "alpha with a screen colour picked from the hint's background, unmix and average despill; ffmpeg =",
             "`chromakey` + `despill` on the 8-bit sRGB plate. Lower is better except PSNR.", ""]
    overall = {m: {k: [] for k, *_ in METRICS} for m in methods}
    for scene, by_method in results.items():
        lines += [f"#### {scene}", "", "| method | " + " | ".join(h for _, h, _, _ in METRICS) + " | s/frame |",
                  "|---|" + "---|" * (len(METRICS) + 1)]
        for m in methods:
            rows = by_method.get(m)
            if not rows:
                continue
            cells = [fmt.format(mean(rows, k)) for k, _, fmt, _ in METRICS]
            lines.append(f"| {m} | " + " | ".join(cells) + f" | {mean(rows, 'seconds'):.2f} |")
            for k, *_ in METRICS:
                overall[m][k] += [r[k] for r in rows]
        lines.append("")
    lines += ["#### Mean over all plates", "", "| method | " + " | ".join(h for _, h, _, _ in METRICS) + " |",
              "|---|" + "---|" * len(METRICS)]
    for m in methods:
        if overall[m]["sad"]:
            lines.append(f"| {m} | " + " | ".join(fmt.format(statistics.fmean(overall[m][k])) for k, _, fmt, _ in METRICS) + " |")
    lines.append("")
    # Targets: compare with the best peer on each metric.
    peers = [m for m in methods if not m.startswith("backlot")]
    def best(metric, higher, scene=None):
        vals = []
        for p in peers:
            rows = overall[p][metric] if scene is None else [r[metric] for r in results[scene].get(p, [])]
            if rows:
                vals.append(statistics.fmean(rows))
        return max(vals) if higher else min(vals)
    ours = {k: statistics.fmean(overall["backlot"][k]) for k, *_ in METRICS}
    checks = [
        ("alpha SAD ≤ ½ best peer (mean)", ours["sad"] <= 0.5 * best("sad", False), f"{ours['sad']:.2f} vs {best('sad', False):.2f}"),
        ("band MSE ≤ ½ best peer (mean)", ours["bandMSE"] <= 0.5 * best("bandMSE", False), f"{ours['bandMSE']:.5f} vs {best('bandMSE', False):.5f}"),
        ("fg MSE ≤ ½ best peer (mean)", ours["foregroundMSE"] <= 0.5 * best("foregroundMSE", False),
         f"{ours['foregroundMSE']:.5f} vs {best('foregroundMSE', False):.5f}"),
        ("re-composite PSNR ≥ best peer + 3 dB (mean)", ours["recompositePSNR"] >= best("recompositePSNR", True) + 3,
         f"{ours['recompositePSNR']:.2f} vs {best('recompositePSNR', True):.2f}"),
    ]
    worse = []
    for scene in results:
        o = {k: mean(results[scene]["backlot"], k) for k, *_ in METRICS}
        for k, _, _, higher in METRICS:
            if k in ("sad", "bandMSE", "recompositePSNR"):
                b = best(k, higher, scene)
                if (o[k] < b) if higher else (o[k] > b):
                    worse.append(f"{scene} {k}")
    checks.append(("SAD, band MSE, PSNR no worse than best peer in every category", not worse, ", ".join(worse) or "all categories"))
    normal = [s for s in results if s != "dark-noisy"]
    if normal and "backlot (no hint)" in methods:
        with_hint = statistics.fmean(r["sad"] for s in normal for r in results[s]["backlot"])
        without = statistics.fmean(r["sad"] for s in normal for r in results[s]["backlot (no hint)"])
        checks.append(("no-hint SAD within 25% of with-hint (normal screens)", without <= 1.25 * with_hint,
                       f"{without:.2f} vs {with_hint:.2f}"))
    lines += ["#### Targets", "", "| target | met | figures |", "|---|---|---|"]
    lines += [f"| {t} | {'yes' if ok else 'NO'} | {fig} |" for t, ok, fig in checks]
    update_section("Keying quality", "\n".join(lines))


def update_section(title, body):
    """Replaces (or appends) `## title` in bench/RESULTS.md."""
    path = os.path.join(HERE, "RESULTS.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmark results\n\nWritten by the scripts in bench/; every number is measured side by side with its peers in one run.\n"
    head = f"## {title}\n"
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = f"{head}\n_Measured {stamp} on {os.cpu_count()} cores by `{' '.join(sys.argv)}`._\n\n{body.rstrip()}\n\n"
    if head in text:
        start = text.index(head)
        end = text.find("\n## ", start + len(head))
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
        text = text.rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(path, "w").write(text)


if __name__ == "__main__":
    main()
