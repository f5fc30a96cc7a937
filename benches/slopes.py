"""The slopes study's analysis (docs/slopes.md): reads the results files
that benches/slopes.sh writes into target/slopes/, takes each target's
median steps to learn per d (a run not learned counts as +inf, so a median
on such runs is censored, or diverged, and left out of the fit), fits log(median) on
log(d) by least squares with its standard error, prints a Markdown table
and draws docs/slopes.svg (one panel per setting, log-log).

    python3 benches/slopes.py [results folder] [svg path]
"""

import glob
import json
import math
import os
import re
import sys

FOLDER = sys.argv[1] if len(sys.argv) > 1 else "target/slopes"
SVG = sys.argv[2] if len(sys.argv) > 2 else "docs/slopes.svg"
TARGETS = {
    "staircase(3)": ("staircase(3)", 1),
    "(x1+x1x2x3)/sqrt(2)": ("(x1 + x1x2x3)/√2", 1),
    "parity(3)": ("parity(3)", 2),
}
SETTINGS = ["b64-a0", "b64-a0.5", "b64-a1", "b1-a0"]
COLOURS = ["#0072B2", "#D55E00", "#009E73"]


def median(values):
    values = sorted(abs(v) for v in values)
    n = len(values)
    if n == 0:
        return None
    mid = (values[(n - 1) // 2] + values[n // 2]) / 2
    return None if math.isinf(mid) else mid


def fit(points):
    """Least squares of ln y on ln x: (slope, stderr or None)."""
    logs = [(math.log(x), math.log(y)) for x, y in points]
    n = len(logs)
    if n < 2:
        return None, None
    mx = sum(p[0] for p in logs) / n
    my = sum(p[1] for p in logs) / n
    sxx = sum((p[0] - mx) ** 2 for p in logs)
    slope = sum((p[0] - mx) * (p[1] - my) for p in logs) / sxx
    if n < 3:
        return slope, None
    ssr = sum((p[1] - my - slope * (p[0] - mx)) ** 2 for p in logs)
    return slope, math.sqrt(ssr / (n - 2) / sxx)


def read(folder):
    """{setting: {target: {d: [steps or inf]}}}, and each setting's lr by d."""
    data, rates = {}, {}
    for path in glob.glob(os.path.join(folder, "*.jsonl")):
        match = re.match(r"(.+)-d(\d+)\.jsonl$", os.path.basename(path))
        if not match:
            continue
        setting, d = match.group(1), int(match.group(2))
        with open(path) as file:
            for line in file:
                record = json.loads(line)
                if record.get("record") != "run":
                    continue
                target = record["point"]["target"].replace("%2B", "+")
                steps = record["learned_at"]
                # not learned: +inf, negative when the run diverged
                never = -math.inf if record["outcome"] == "diverged" else math.inf
                data.setdefault(setting, {}).setdefault(target, {}).setdefault(d, []).append(
                    never if steps is None else steps
                )
                lr = re.search(r"lr=([0-9.e-]+)", record["query"])
                rates.setdefault(setting, {})[d] = float(lr.group(1)) if lr else 0.1
    return data, rates


def cell(runs, m):
    """A median for the table: the steps, or why there is none."""
    if runs is None:
        return "–"
    if m is not None:
        return f"{m:,.0f}"
    diverged = sum(1 for v in runs if v == -math.inf)
    return "diverged" if 2 * diverged >= len(runs) else "> budget"


def slope_text(slope, err):
    if slope is None:
        return "–"
    return f"{slope:.2f}" + (f" ± {err:.2f}" if err else "")


def table(data):
    lines = [
        "| setting | target | median steps at d = 16 / 32 / 64 / 128 / 256 | fitted slope | over d ≥ 32 | predicted |",
        "|---|---|---|---|---|---|",
    ]
    for setting in SETTINGS:
        for key, (name, predicted) in TARGETS.items():
            by_d = data.get(setting, {}).get(key, {})
            medians = {d: median(v) for d, v in sorted(by_d.items())}
            cells = " / ".join(cell(by_d.get(d), medians.get(d)) for d in (16, 32, 64, 128, 256))
            usable = [(d, m) for d, m in medians.items() if m is not None]
            slopes = [slope_text(*fit(usable)), slope_text(*fit([p for p in usable if p[0] >= 32]))]
            lines.append(f"| {setting} | `{name}` | {cells} | {slopes[0]} | {slopes[1]} | {predicted} |")
    return "\n".join(lines)


def svg(data, path):
    width, height, pad = 300, 260, 48
    panels = [s for s in SETTINGS if s in data]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * len(panels)}" height="{height + 20}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect width="{width * len(panels)}" height="{height + 20}" fill="#fff"/>',
    ]
    lo, hi = math.log(10), math.log(1e6)
    for i, setting in enumerate(panels):
        x0 = i * width + pad
        w, h = width - pad - 10, height - pad - 10

        def px(d):
            return x0 + (math.log(d) - math.log(16)) / (math.log(256) - math.log(16)) * w

        def py(y):
            return 10 + h - (math.log(y) - lo) / (hi - lo) * h

        out.append(f'<text x="{x0 + w / 2}" y="{height + 8}" text-anchor="middle" font-weight="bold">{setting}</text>')
        out.append(f'<rect x="{x0}" y="10" width="{w}" height="{h}" fill="none" stroke="#999"/>')
        for d in (16, 32, 64, 128, 256):
            out.append(f'<text x="{px(d)}" y="{12 + h + 14}" text-anchor="middle">{d}</text>')
        for y in (10, 100, 1000, 10000, 100000, 1000000):
            out.append(f'<text x="{x0 - 4}" y="{py(y) + 4}" text-anchor="end">{y:g}</text>')
        out.append(f'<text x="{x0 + w / 2}" y="{12 + h + 28}" text-anchor="middle">d</text>')
        for j, key in enumerate(TARGETS):
            by_d = data[setting].get(key, {})
            points = [(d, median(v)) for d, v in sorted(by_d.items())]
            shown = [(px(d), py(m)) for d, m in points if m is not None]
            if len(shown) > 1:
                path_d = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f},{y:.1f}" for k, (x, y) in enumerate(shown))
                out.append(f'<path d="{path_d}" fill="none" stroke="{COLOURS[j]}" stroke-width="2"/>')
            for x, y in shown:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[j]}"/>')
            if i == 0:
                out.append(
                    f'<text x="{x0 + 6}" y="{24 + 14 * j}" fill="{COLOURS[j]}">{TARGETS[key][0]}</text>'
                )
    out.append("</svg>")
    with open(path, "w") as file:
        file.write("\n".join(out) + "\n")


def main():
    data, rates = read(FOLDER)
    print(table(data))
    print()
    for setting in SETTINGS:
        if setting in rates:
            print(f"{setting}: lr by d = " + ", ".join(f"{d}: {r:g}" for d, r in sorted(rates[setting].items())))
    svg(data, SVG)


if __name__ == "__main__":
    main()
