"""Render the app icon from its SVG source.

    python packaging/make_icons.py                 # the PNG sizes in resources/icons/hicolor
    python packaging/make_icons.py --bundle OUT    # also OUT/annotator.ico and OUT/annotator.icns

The PNGs are committed (the window, the wheel and install-desktop use them);
the .ico (Windows) and .icns (macOS) are made at build time by
packaging/build.py.  Rendering uses Qt's own SVG renderer, so no extra tool is
needed; writing .ico/.icns needs Pillow (the ``freeze`` extra), which the app
itself never imports.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotator.core.desktop import APP_ID, ICON_SIZES, icon_source

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def _qt_app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui.qt import QtGui

    return QtGui.QGuiApplication.instance() or QtGui.QGuiApplication(sys.argv[:1])


def render(svg: Path, size: int) -> object:
    """The SVG drawn into a transparent ``size`` x ``size`` QImage."""
    from annotator.gui.qt import QtCore, QtGui, QtSvg

    _qt_app()
    renderer = QtSvg.QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QtCore.QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QtGui.QImage.Format.Format_ARGB32)


def write_pngs(svg: Path, hicolor: Path) -> list[Path]:
    written = []
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(target), "PNG"):
            raise SystemExit(f"{target}: could not write the PNG")
        written.append(target)
    return written


def write_bundle_icons(hicolor: Path, out: Path) -> list[Path]:
    """Write ``annotator.ico`` and ``annotator.icns`` from the rendered PNGs."""
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit(
            "Pillow is needed for .ico/.icns: pip install 'annotator[freeze]'"
        ) from None
    out.mkdir(parents=True, exist_ok=True)

    def png(size: int) -> Image.Image:
        return Image.open(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").convert("RGBA")

    ico, icns = out / "annotator.ico", out / "annotator.icns"
    # Pillow picks, for each size asked for, the closest image it was given.
    largest_ico = png(max(ICO_SIZES))
    largest_ico.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[png(s) for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    png(512).save(icns, format="ICNS", append_images=[png(s) for s in ICNS_SIZES if s != 512])
    return [ico, icns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=icon_source(), help="source SVG")
    parser.add_argument(
        "--hicolor",
        type=Path,
        default=icon_source().parent / "hicolor",
        help="where the PNG sizes go (default: resources/icons/hicolor)",
    )
    parser.add_argument("--bundle", type=Path, help="also write .ico and .icns into this folder")
    parser.add_argument(
        "--no-png", action="store_true", help="only the .ico/.icns, from the existing PNGs"
    )
    args = parser.parse_args(argv)
    written = [] if args.no_png else write_pngs(args.svg, args.hicolor)
    if args.bundle:
        written += write_bundle_icons(args.hicolor, args.bundle)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
