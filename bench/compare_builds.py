"""Two builds of `backlot` compared, for refactors: their key outputs byte for byte, and their speed in one run.

    python3 bench/compare_builds.py OLD_BACKLOT [NEW_BACKLOT] [--runs 5] [--shot-frames 40]

1. Outputs: keys, with each build, the same inputs into separate folders and compares every file they wrote:
   the demo plate (1920x1080, plate + hint), a 24-frame EXR shot with hints (temporal steadying on), a video
   shot (ProRes plate, H.264 hint, ProRes 4444 and H.264 review outputs) and a CorridorKey shot folder.
2. Speed: a 4K key (plate + hint, all four passes) and a 1080p shot on a noisy plate (σ 0.012, as in
   shot_bench.py), the builds alternating run by run so both see the same phases of a noisy machine.

Inputs are made with the new build's `synth`. Writes the section "Builds compared" of bench/RESULTS.md; exits 1
if any output differs.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import statistics
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import update_section  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{r.stderr}")
    return r


def make_inputs(backlot, work, size, frames):
    demo, shot, video, corridor = (os.path.join(work, n) for n in ("demo", "shot", "video", "corridor/Shot_010"))
    run([backlot, "synth", "--scene", "mixed", "--size", "1920x1080", "--output", demo, "--quiet"])
    run([backlot, "synth", "--shot", str(frames), "--size", size, "--output", shot, "--quiet"])
    os.makedirs(video, exist_ok=True)
    for f in range(1001, 1001 + frames):
        run([backlot, "convert", f"{shot}/plate.{f}.exr", f"{video}/png.{f}.png"])
    run(["ffmpeg", "-v", "error", "-y", "-framerate", "25", "-start_number", "1001", "-i", f"{video}/png.%04d.png",
         "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", f"{video}/clip.mov"])
    run(["ffmpeg", "-v", "error", "-y", "-framerate", "25", "-start_number", "1001", "-i", f"{shot}/hint.%04d.png",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", f"{video}/hint.mp4"])
    os.makedirs(f"{corridor}/Input", exist_ok=True)
    os.makedirs(f"{corridor}/AlphaHint", exist_ok=True)
    for k, f in enumerate(range(1001, 1001 + min(frames, 6))):
        shutil.copy(f"{shot}/plate.{f}.exr", f"{corridor}/Input/frame_{k:03d}.exr")
        shutil.copy(f"{shot}/hint.{f}.png", f"{corridor}/AlphaHint/frame_{k:03d}.png")
    return demo, shot, video, os.path.dirname(corridor)


def key_all(backlot, inputs, out):
    demo, shot, video, corridor = inputs
    shutil.rmtree(out, ignore_errors=True)
    timings = {}
    jobs = [
        ("demo plate", [backlot, "key", f"{demo}/plate.exr", "--hint", f"{demo}/hint.png", "-o", f"{out}/demo"]),
        ("EXR shot", [backlot, "key", f"{shot}/plate.####.exr", "--hint", f"{shot}/hint.####.png", "-o", f"{out}/shot"]),
        ("video shot", [backlot, "key", f"{video}/clip.mov", "--hint", f"{video}/hint.mp4", "-o", f"{out}/video",
                        "--prores", f"{out}/video/key.mov", "--review", f"{out}/video/review.mp4"]),
        ("CorridorKey folder", [backlot, "key", corridor, "-o", f"{out}/corridor", "--quiet"]),
    ]
    for name, args in jobs:
        t = time.perf_counter()
        run(args + (["--quiet"] if "--quiet" not in args else []))
        timings[name] = time.perf_counter() - t
    return timings


def files(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


def alternating(builds, args_for, runs):
    """Wall seconds of each build's command, run by run alternating between the builds."""
    times = {name: [] for name in builds}
    for _ in range(runs):
        for name, binary in builds.items():
            t = time.perf_counter()
            run(args_for(binary, name))
            times[name].append(time.perf_counter() - t)
    return times


def speed(old, new, work, runs, shot_frames):
    builds = {"previous": old, "new": new}
    plate = os.path.join(work, "plate4k")
    run([new, "synth", "--scene", "mixed", "--size", "3840x2160", "--output", plate, "--quiet"])
    key4k = alternating(builds, lambda b, name: [b, "key", f"{plate}/plate.exr", "--hint", f"{plate}/hint.png", "-o",
                                                 os.path.join(work, f"key4k-{name}"), "--quiet"], runs)
    shot = os.path.join(work, "shot1080")
    run([new, "synth", "--shot", str(shot_frames), "--size", "1920x1080", "--noise", "0.012", "--output", shot, "--quiet"])

    def shot_args(b, name):
        out = os.path.join(work, f"shot-{name}")
        shutil.rmtree(out, ignore_errors=True)
        return [b, "key", f"{shot}/plate.####.exr", "--hint", f"{shot}/hint.####.png", "-o", out, "--quiet"]
    shots = alternating(builds, shot_args, max(1, runs // 2))
    return key4k, shots


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new", nargs="?", default=os.path.join(ROOT, ".build", "release", "backlot"))
    ap.add_argument("--size", default="960x540", help="size of the EXR, video and CorridorKey shots")
    ap.add_argument("--frames", type=int, default=24)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--shot-frames", type=int, default=40)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "out", "builds"))
    a = ap.parse_args()
    inputs = make_inputs(a.new, os.path.join(a.work, "inputs"), a.size, a.frames)
    old_t = key_all(a.old, inputs, os.path.join(a.work, "old"))
    new_t = key_all(a.new, inputs, os.path.join(a.work, "new"))
    old_files, new_files = files(os.path.join(a.work, "old")), files(os.path.join(a.work, "new"))
    differ = [f for f in old_files if f in new_files
              and not filecmp.cmp(os.path.join(a.work, "old", f), os.path.join(a.work, "new", f), shallow=False)]
    only = sorted(set(old_files) ^ set(new_files))
    print(f"{len(old_files)} files compared: {len(differ)} differ, {len(only)} written by one build only")
    for f in differ + only:
        print("  " + f)
    key4k, shots = speed(a.old, a.new, os.path.join(a.work, "speed"), a.runs, a.shot_frames)

    def cell(ts):
        return f"{statistics.median(ts):.2f} s (" + ", ".join(f"{t:.2f}" for t in ts) + ")"
    rows = [f"| {name} | {cell([old_t[name]])} | {cell([new_t[name]])} |" for name in old_t]
    rows.append(f"| 4K key, plate + hint, 4 passes (median of {a.runs}) | {cell(key4k['previous'])} | {cell(key4k['new'])} |")
    rows.append(f"| 1080p noisy shot, {a.shot_frames} frames | {cell(shots['previous'])} | {cell(shots['new'])} |")
    verdict = "identical" if not differ and not only else f"**{len(differ)} differ, {len(only)} written by one build only**"
    body = (f"`{a.old}` (previous) against `{a.new}` (new). Outputs: {len(old_files)} files written by each build "
            f"(demo plate, {a.frames}-frame EXR shot at {a.size}, video shot with ProRes and review outputs, "
            f"CorridorKey folder) compared byte for byte: {verdict}.\n\n"
            "Speed, the builds alternating run by run (wall time of the whole command):\n\n"
            "| job | previous build | new build |\n|---|---|---|\n" + "\n".join(rows) + "\n")
    print(body)
    update_section("Builds compared", body)
    sys.exit(1 if differ or only else 0)


if __name__ == "__main__":
    main()
