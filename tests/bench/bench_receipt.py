"""Benchmark: acceptance receipt PDF rendering (python -m tests.bench receipt [--quick]).

Targets: the first receipt of a process (fonts parsed and registered) under 1 s; every later
one under 150 ms. The first is measured in fresh interpreters, so import and font costs count.
Both wall-clock and CPU time are shown, with the load average: on a shared, busy machine the
wall time is inflated by waiting for a core, while CPU time is what the render itself costs.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.harness import Figure, Size, Table, interleaved  # noqa: E402

FIRST = """
import time
from printing.render import render
from tests.unit.printing import samples
t1, c1 = time.perf_counter(), time.process_time()
render(samples.receipt(), "receipt")
t2, c2 = time.perf_counter(), time.process_time()
print(f"{(t2 - t1) * 1000:.1f} {(c2 - c1) * 1000:.1f}")
"""


def first_receipt(runs: int = 3) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", FIRST], cwd=ROOT, capture_output=True, text=True, check=True)
        wall, cpu = (float(x) for x in out.stdout.split())
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus


BARE_PAGE_LINES = 40


def bare_page_factory():
    """A bare reportlab A4 page: the embedded CJK font, 40 lines of Chinese text, one rectangle."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "BareCJK" not in pdfmetrics.getRegisteredFontNames():
        font = TTFont("BareCJK", str(ROOT / "resources" / "fonts" / "DroidSansFallbackFull.ttf"))
        # reportlab registers a second font of an already registered face as the first one's
        # alias: under the face's own name, whichever of the bare page and the project came
        # first would draw with the other's font object (and its caches).
        font.face.name = b"BareCJK"
        pdfmetrics.registerFont(font)

    def page() -> bytes:
        out = io.BytesIO()
        c = canvas.Canvas(out, pagesize=A4)
        c.setFont("BareCJK", 11)
        for i in range(BARE_PAGE_LINES):
            c.drawString(60, 780 - i * 18, f"受理回执 第{i}行：申请人张三丰 事项 户口迁移登记 材料 居民身份证 一份")
        c.rect(400, 60, 120, 120)
        c.showPage()
        c.save()
        return out.getvalue()

    return page


def new_case_receipts():
    """Receipts of a different case each time (number, applicant, QR content): nothing repeats but the form."""
    import dataclasses
    import itertools

    from tests.unit.printing import samples

    surnames, given = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    counter = itertools.count(1)

    def next_receipt():
        i = next(counter)
        r = samples.receipt(document_no=f"W03-20261125-{i:04d}")
        name = surnames[i % 20] + given[(i // 20) % 20] + given[(i * 7) % 20]
        case = dataclasses.replace(r.case, applicant=dataclasses.replace(r.case.applicant, name=name))
        return dataclasses.replace(r, case=case)

    return next_receipt


def interleaved_cpu(bare, project, runs: int) -> tuple[float, float]:
    """Like ``harness.interleaved`` but in CPU time (``process_time``): on a shared, busy machine
    the wall clock also counts the waits for a core; CPU time is what the render itself costs."""
    bare()
    project()
    bare_times, project_times = [], []
    for _ in range(max(1, runs)):
        for fn, times in ((bare, bare_times), (project, project_times)):
            started = time.process_time()
            fn()
            times.append(time.process_time() - started)
    return statistics.median(bare_times), statistics.median(project_times)


def bench(size: Size) -> list[Table]:
    from printing.render import render
    from tests.unit.printing import samples

    runs = size.pick(30, 2)
    bare = bare_page_factory()
    table = Table("papers (bare = a reportlab A4 page of 40 CJK lines with the embedded font)")
    first = first_receipt(size.pick(3, 1))[0]
    table.add(Figure("first receipt, fresh process (fonts load)", statistics.median(first) / 1000, target=1.0))
    for name, kind, doc, target in [
        ("receipt PDF after the first (A4, 5 materials)", "receipt", samples.receipt(), 0.010),
        ("receipt slip 80 mm", "receipt-slip", samples.receipt(), None),
        ("receipt A4, 30 materials (3 pages)", "receipt", samples.receipt(n_materials=30), None),
        ("supplement notice", "supplement-notice", samples.supplement(), None),
        ("rejection notice", "rejection-notice", samples.rejection(), None),
    ]:
        b, p = interleaved(bare, lambda kind=kind, doc=doc: render(doc, kind), runs)
        table.add(Figure(name, p, b, "bare reportlab CJK page", target))
    fresh = new_case_receipts()
    b, p = interleaved(bare, lambda: render(fresh(), "receipt"), runs)
    table.add(Figure("receipt A4, a new case each time", p, b, "bare reportlab CJK page",
                     note="new number, name and QR: only the form repeats"))
    same = samples.receipt()
    b, p = interleaved_cpu(bare, lambda: render(same, "receipt"), runs)
    table.add(Figure("receipt PDF after the first, CPU time", p, b, "bare page, CPU time", 0.010))
    b, p = interleaved_cpu(bare, lambda: render(fresh(), "receipt"), runs)
    table.add(Figure("receipt A4, a new case each time, CPU time", p, b, "bare page, CPU time"))
    table.notes.append("'after the first' renders the same receipt again (preview then print, A4 then slip): "
                       "QR code, font subsets and line breaks are reused; a new case reuses the form's parts only")
    return [table]


def main() -> int:
    for table in bench(Size("--quick" in sys.argv)):
        print(table.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
