"""See-through benchmark with a held-out split: this build against today's build, a classical reference keyer
and the usual peers, per category, on plates tuned on and plates never tuned on.

Split (fixed, so tuning cannot leak into the report):
- tune: seeds 1,2 of every generator except the held-out generators;
- held-out: seeds 11,12 of every generator, and every seed of the held-out generators (`fog`, `clear-pane`),
  which were never looked at while the keyer was tuned.

    python3 bench/seethrough_bench.py --baseline OLD_BACKLOT [--size 1920x1080] [--scenes a,b] [--split heldout]

OLD_BACKLOT is a release build of the commit to compare with, e.g. from the repository root:
`git worktree add ../backlot-base 7a32d09 && (cd ../backlot-base && swift build -c release --product backlot)`,
then `--baseline ../backlot-base/.build/release/backlot`.
Plates are cached in bench/out/seethrough/plates (deterministic: same seed, same plate). Writes the section
"See-through (held-out split)" of bench/RESULTS.md and bench/out/seethrough/results.json.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import update_section  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BACKLOT = os.path.join(ROOT, ".build", "release", "backlot")
OUT = os.path.join(HERE, "out", "seethrough")
FIRST = ["solid", "hair", "motion-blur", "glass", "smoke", "netting", "spill", "dark-noisy", "blue-screen"]
SEE_THROUGH = ["smoke-volume", "tinted-glass", "fine-net", "outside-hint", "screen-shadow", "green-garment"]
HELD_OUT_GENERATORS = ["fog", "clear-pane"]
TUNE_SEEDS, HELD_OUT_SEEDS = [1, 2], [11, 12]
METRICS = [("sad", "SAD", 1, "{:.1f}"), ("bandMSE", "band MSE×1000", 1000, "{:.1f}"),
           ("foregroundMSE", "FG MSE×1000", 1000, "{:.2f}"), ("recompositePSNR", "PSNR dB", 1, "{:.1f}")]


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr}")
    return r


def plates(scenes, split):
    out = []
    for scene in scenes:
        if split in ("tune", "both") and scene not in HELD_OUT_GENERATORS:
            out += [(scene, seed, "tune") for seed in TUNE_SEEDS]
        if split in ("heldout", "both"):
            seeds = TUNE_SEEDS + HELD_OUT_SEEDS if scene in HELD_OUT_GENERATORS else HELD_OUT_SEEDS
            out += [(scene, seed, "held-out") for seed in seeds]
    return out


def key(method, binary, plate, out):
    os.makedirs(out, exist_ok=True)
    if method in ("backlot", "today"):
        run([binary, "key", plate + "/plate.exr", "--hint", plate + "/hint.png", "--output", out, "--passes", "fg,matte",
             "--quiet"])
        return out + "/matte/plate.exr", out + "/fg/plate.exr"
    import peers
    import ref_keyer
    fn = {"reference": ref_keyer.reference, "colour-difference": peers.colour_difference, "ffmpeg": peers.ffmpeg_chromakey}[method]
    fn(plate + "/plate.exr", plate + "/hint.png", out)
    return out + "/matte.exr", out + "/fg.exr"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", required=True, help="release build of today's backlot")
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--scenes", default=",".join(FIRST + SEE_THROUGH + HELD_OUT_GENERATORS))
    ap.add_argument("--split", choices=["tune", "heldout", "both"], default="both")
    ap.add_argument("--methods", default="backlot,today,reference,colour-difference,ffmpeg")
    ap.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    opts = ap.parse_args()
    methods = opts.methods.split(",")
    binaries = {"backlot": BACKLOT, "today": opts.baseline}
    results = {}
    for scene, seed, split in plates(opts.scenes.split(","), opts.split):
        plate = os.path.join(OUT, "plates", opts.size, f"{scene}-{seed}")
        if not os.path.exists(plate + "/truth/manifest.json"):
            run([BACKLOT, "synth", "--scene", scene, "--seed", str(seed), "--size", opts.size, "--output", plate, "--quiet"])
        line = f"{split:8s} {scene:14s} {seed:3d}"
        for m in methods:
            a, f = key(m, binaries.get(m), plate, os.path.join(OUT, "keys", opts.size, m, f"{scene}-{seed}"))
            s = json.loads(run([BACKLOT, "score", "--truth", plate, "--alpha", a, "--fg", f, "--json"]).stdout)
            results.setdefault(split, {}).setdefault(scene, {}).setdefault(m, []).append(s)
            line += f" | {m} {s['sad']:6.1f} {1000 * s['bandMSE']:6.1f} {1000 * s['foregroundMSE']:6.2f}"
        print(line, flush=True)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.json"), "w") as fh:
        json.dump({"size": opts.size, "results": results}, fh, indent=1)
    body = markdown(results, methods, opts)
    print(body)
    if not opts.no_write:
        update_section("See-through (held-out split)", body)


def markdown(results, methods, opts):
    lines = [f"Plates: `backlot synth` at {opts.size}. Tune split: seeds {TUNE_SEEDS} of every generator but "
             f"{', '.join(HELD_OUT_GENERATORS)}; held-out split: seeds {HELD_OUT_SEEDS} of every generator and every seed "
             f"of {', '.join(HELD_OUT_GENERATORS)} (never looked at while tuning). Methods: `backlot` = this build, "
             "`today` = the build before the see-through work, `reference` = the classical reference keyer "
             "(bench/ref_keyer.py: local backing, colour-difference unmix, refinement), and the peers of the keying table. "
             "Every method gets the same plate and hint. Lower is better except PSNR.", ""]
    for split in ("tune", "held-out"):
        by_scene = results.get(split)
        if not by_scene:
            continue
        lines += [f"### {split}", "", "| category | " + " | ".join(f"{h}: " + " / ".join(methods) for _, h, _, _ in METRICS) + " |",
                  "|---|" + "---|" * len(METRICS)]
        pooled = {m: {k: [] for k, *_ in METRICS} for m in methods}
        for scene, rows in by_scene.items():
            cells = []
            for k, _, scale, fmt in METRICS:
                cells.append(" / ".join(fmt.format(scale * statistics.fmean(r[k] for r in rows[m])) for m in methods))
                for m in methods:
                    pooled[m][k] += [scale * r[k] for r in rows[m]]
            lines.append(f"| {scene} | " + " | ".join(cells) + " |")
        cells = [" / ".join(fmt.format(statistics.fmean(pooled[m][k])) for m in methods) for k, _, _, fmt in METRICS]
        lines += [f"| **mean of {len(pooled[methods[0]]['sad'])} plates** | " + " | ".join(cells) + " |", ""]
        if "today" in methods and "backlot" in methods:
            worse = [s for s, rows in by_scene.items()
                     if statistics.fmean(r["sad"] for r in rows["backlot"]) > 1.05 * statistics.fmean(r["sad"] for r in rows["today"])]
            lines += [f"Categories where this build's SAD is more than 5% worse than today's: {', '.join(worse) or 'none'}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
