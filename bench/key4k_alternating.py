"""4K key speed of this build against an earlier build and the I/O floor, alternating run by run.

On a shared, noisy machine the phases of load move every timing; alternating the three commands run by
run lets each see the same phases, and the medians are compared. The I/O floor is oiiotool reading the
plate and writing the three EXR passes (half, PIZ) that `backlot key` writes (it also writes a PNG comp).

    python3 bench/key4k_alternating.py --baseline OLD_BACKLOT [--runs 9]

Uses the 4K `mixed` plate of bench/speed_bench.py (made if missing). Writes the section
"4K key, alternating runs" of bench/RESULTS.md.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from key_bench import BACKLOT, OUT, update_section  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", required=True, help="release build of the commit to compare with")
    ap.add_argument("--runs", type=int, default=9)
    opts = ap.parse_args()
    work = os.path.join(OUT, "speed")
    plate = os.path.join(work, "plate4k")
    if not os.path.exists(plate + "/plate.exr"):
        subprocess.run([BACKLOT, "synth", "--scene", "mixed", "--size", "3840x2160", "--output", plate, "--quiet"], check=True)
    key = lambda b: [b, "key", plate + "/plate.exr", "--hint", plate + "/hint.png", "--output", work + "/k", "--quiet"]
    commands = {
        "this build": key(BACKLOT),
        "the build before": key(opts.baseline),
        "oiiotool read + write 3 EXR passes": ["oiiotool", plate + "/plate.exr", "--ch", "R,G,B,A=1", "-d", "half",
                                               "--compression", "piz", "-o", work + "/o_rgba.exr", "-o", work + "/o_fg.exr",
                                               "--ch", "A", "-o", work + "/o_matte.exr"],
    }
    times = {name: [] for name in commands}
    for _ in range(opts.runs):
        for name, args in commands.items():
            shutil.rmtree(work + "/k", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    floor = statistics.median(times["oiiotool read + write 3 EXR passes"])
    rows = [f"| {name} | {statistics.median(t):.2f} s | {statistics.median(t) / floor:.3f} |" for name, t in times.items()]
    text = "\n".join([
        f"`backlot key` on the 3840x2160 `mixed` plate with its hint, all four passes, {opts.runs} runs of each command",
        "alternating (this build, the build before, oiiotool), medians:", "",
        "| command | median | ratio to oiiotool |", "|---|---|---|", *rows])
    print(text)
    update_section("4K key, alternating runs", text)


if __name__ == "__main__":
    main()
