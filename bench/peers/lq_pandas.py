"""The benchmark's pandas peer: the same tables as eucluster, from the same gzipped Eurostat TSVs.

Usage: /usr/bin/python3 bench/peers/lq_pandas.py <input dir> <out dir> <mapping csv>

Reads the input directory's pipeline.config.json (files, filters, year or every year, benchmark, region
levels) and writes
ecosystem_employment.csv, location_quotients.csv and region_nodes.csv into <out dir>. Rules, as eucluster's:
':' and flag 'c' are missing (no LQ of their own); inside a sum a missing part counts as zero, all missing or a part
absent for the year makes it missing (docs/missing-data.md); a
region is its own row, else the sum of its rows one level down (BE1 = BE10, BE2 = BE21 + ...); E(r) and E(B)
come from the regional-total file; the benchmark's own rows give E(B,i).
"""

import json
import os
import re
import sys

import numpy as np
import pandas as pd

AGGREGATE = re.compile(r"^(EU\d{2}(_\d{4})?|EA\d{0,2}(_\d{4})?|EEA\d*(_\d{4})?|EFTA)$")
NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
DIVISION = re.compile(r"^[A-U]\d{2}$")


def is_region_code(geo):
    if AGGREGATE.match(geo) or not NUTS.match(geo):
        return False
    return not (len(geo) > 2 and set(geo[2:]) == {"Z"})


def read_table(path):
    """One Eurostat TSV as text columns: the key, then one column per period."""
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3)


def periods_of(table):
    return [c.strip() for c in table.columns[1:]]


def read_slice(table, source, year, with_activity):
    """The configured slice of one Eurostat TSV for one period: columns geo, activity, v (NaN = missing)."""
    key_column = table.columns[0]
    dims = key_column.split("\\")[0].split(",")
    periods = {c.strip(): c for c in table.columns[1:]}
    keys = table[key_column].str.split(",", expand=True)
    keys.columns = dims
    mask = np.ones(len(table), dtype=bool)
    for dim, value in source.get("filters", {}).items():
        mask &= (keys[dim] == value).to_numpy()
    cells = table.loc[mask, periods[year]].str.strip()
    parts = cells.str.split(" ", n=1, expand=True).reindex(columns=[0, 1])
    value_text = parts[0].fillna("")
    flags = parts[1].fillna("")
    missing = value_text.isin([":", ""]) | flags.str.contains("c", regex=False)
    values = pd.to_numeric(value_text.where(~missing), errors="raise")
    out = pd.DataFrame({"geo": keys.loc[mask, source.get("geoDimension", "geo")].to_numpy(), "v": values.to_numpy()})
    if with_activity:
        out["activity"] = keys.loc[mask, source.get("activityDimension", "nace_r2")].to_numpy()
    return out


def region_of(geo, levels):
    return geo[: 2 + int(levels.get(geo[:2], levels.get("default", 2)))]


def regional_values(frame, regions, codes, activities):
    """region x activity -> own row, else the sum of the codes one level down: a suppressed part counts as zero;
    a part with no data at all that year (absent), or parts all missing, make the sum NaN (docs/missing-data.md)."""
    by_key = frame.set_index(["geo", "activity"])["v"] if "activity" in frame else frame.set_index("geo")["v"]
    own = by_key[by_key.index.get_level_values(0).isin(regions)] if "activity" in frame else by_key[by_key.index.isin(regions)]
    child_rows = []
    for region in regions:
        for code in codes:
            if len(code) == len(region) + 1 and code.startswith(region):
                child_rows.append((region, code))
    children = pd.DataFrame(child_rows, columns=["region", "child"])
    if "activity" in frame:
        grid = pd.MultiIndex.from_product([regions, activities], names=["region", "activity"])
        result = pd.Series(np.nan, index=grid)
        cross = children.merge(pd.DataFrame({"activity": activities}), how="cross")
        cross = cross.merge(frame.rename(columns={"geo": "child"}), on=["child", "activity"], how="left")
        present = set(frame.loc[frame["v"].notna(), "geo"])
        cross["present"] = cross["child"].isin(present)
        grouped = cross.groupby(["region", "activity"])
        sums = grouped["v"].sum(min_count=1).where(grouped["present"].all())
        result.loc[sums.index] = sums
        own_index = pd.MultiIndex.from_tuples(own.index.to_list(), names=["region", "activity"])
        own_in_grid = own_index.isin(grid)
        result.loc[own_index[own_in_grid]] = own.to_numpy()[own_in_grid]
        return result
    result = pd.Series(np.nan, index=pd.Index(regions, name="region"))
    cross = children.merge(frame.rename(columns={"geo": "child"}), on="child", how="left")
    grouped = cross.groupby("region")["v"]
    sums = grouped.sum(min_count=1).where(grouped.count() == grouped.size())
    result.loc[sums.index] = sums
    result.loc[own.index] = own.to_numpy()
    return result


def to_ecosystems(values, mapping, index_name):
    """values: (index_name, activity) -> v. Returns (index_name, ecosystem) -> sum of weight x v, a missing part
    counting as zero, NaN when all are."""
    frame = values.rename("v").reset_index()
    keys = frame[index_name].drop_duplicates()
    cross = pd.DataFrame({index_name: keys}).merge(mapping, how="cross")
    cross = cross.merge(frame, left_on=[index_name, "division"], right_on=[index_name, "activity"], how="left")
    cross["wv"] = cross["weight"] * cross["v"]
    grouped = cross.groupby([index_name, "ecosystem"])
    sums = grouped["wv"].sum(min_count=1)
    return sums.rename_axis([index_name, "activity"])


def lq_table(values, totals, bench, bench_total, level):
    frame = values.rename("employment").reset_index()
    frame["rt"] = frame["region"].map(totals)
    frame["be"] = frame["activity"].map(bench)
    ok = frame["employment"].notna() & (frame["rt"] > 0) & (frame["be"] > 0) & (bench_total > 0)
    frame = frame[ok].copy()
    frame["region_share"] = frame["employment"] / frame["rt"]
    frame["lq"] = frame["region_share"] / (frame["be"] / bench_total)
    frame["node"] = (frame["lq"] > 1.5) & (frame["region_share"] >= 0.01)
    frame["level"] = level
    return frame[["region", "level", "activity", "employment", "region_share", "lq", "node"]]


def node_table(lq, regions, n_activities, level):
    nodes = lq[lq["node"]].sort_values(["region", "lq", "activity"], ascending=[True, False, True])
    count = nodes.groupby("region").size()
    top5 = nodes.groupby("region")["activity"].apply(lambda a: "|".join(a.head(5)))
    with_lq = lq.groupby("region").size()
    out = pd.DataFrame({"region": regions})
    out["level"] = level
    out["node_count"] = out["region"].map(count).fillna(0).astype(int)
    out["top5"] = out["region"].map(top5).fillna("")
    out["missing_cells"] = n_activities - out["region"].map(with_lq).fillna(0).astype(int)
    return out


def main():
    input_dir, out_dir, mapping_path = sys.argv[1:4]
    with open(os.path.join(input_dir, "pipeline.config.json"), encoding="utf-8") as f:
        config = json.load(f)
    benchmark = config.get("benchmark", "EU27_2020")
    levels = config.get("regionLevel", {"default": 2, "BE": 1})
    sources = config["sources"]

    def path(role):
        s = sources[role]
        return os.path.join(input_dir, "eurostat", s.get("file", s["dataset"] + ".tsv.gz"))

    tables = {role: read_table(path(role)) for role in ["regionalByActivity", "nationalByDivision", "regionalTotal"]}
    mapping = pd.read_csv(mapping_path, dtype={"nace_r2": str, "ecosystem": str, "weight": float})
    mapping = mapping.rename(columns={"nace_r2": "division"})
    if "year" in config:
        years = [str(config["year"])]
    else:
        # Every year the three files share (as eucluster's default, years: "all").
        lists = [periods_of(t) for t in tables.values()]
        years = sorted(p for p in lists[0] if re.fullmatch(r"\d{4}", p) and all(p in l for l in lists))
    results = [compute_year(tables, sources, year, benchmark, levels, mapping) for year in years]
    eco = pd.concat([r[0] for r in results])
    lq = pd.concat([r[1] for r in results])
    nodes = pd.concat([r[2] for r in results])

    os.makedirs(out_dir, exist_ok=True)
    eco.sort_values(["geo", "year", "ecosystem"]).to_csv(os.path.join(out_dir, "ecosystem_employment.csv"), index=False)
    lq.sort_values(["region", "year", "level", "activity"]).to_csv(
        os.path.join(out_dir, "location_quotients.csv"), index=False, float_format="%.17g"
    )
    nodes.sort_values(["region", "year", "level"]).to_csv(os.path.join(out_dir, "region_nodes.csv"), index=False)


def compute_year(tables, sources, year, benchmark, levels, mapping):
    """One year's three tables, each with its year column."""
    regional = read_slice(tables["regionalByActivity"], sources["regionalByActivity"], year, True)
    national = read_slice(tables["nationalByDivision"], sources["nationalByDivision"], year, True)
    totals = read_slice(tables["regionalTotal"], sources["regionalTotal"], year, False)

    codes = sorted(g for g in regional["geo"].unique() if is_region_code(g))
    regions = sorted({region_of(g, levels) for g in codes if len(g) >= len(region_of(g, levels))})
    activities = sorted(a for a in regional["activity"].unique() if DIVISION.match(a))

    values = regional_values(regional, regions, codes, activities)
    tcodes = sorted(g for g in totals["geo"].unique() if is_region_code(g))
    region_totals = regional_values(totals, regions, tcodes, None)
    bench_rows = regional[regional["geo"] == benchmark].set_index("activity")["v"]
    bench = bench_rows.reindex(activities)
    bench_total = totals.loc[totals["geo"] == benchmark, "v"]
    bench_total = float(bench_total.iloc[0]) if len(bench_total) and pd.notna(bench_total.iloc[0]) else np.nan

    eco_values = to_ecosystems(values, mapping, "region")
    bench_by_key = pd.Series(bench.to_numpy(), index=pd.MultiIndex.from_product([["B"], activities], names=["b", "activity"]))
    bench_eco = to_ecosystems(bench_by_key, mapping, "b").droplevel(0)
    lq = pd.concat([
        lq_table(values, region_totals, bench, bench_total, "nace"),
        lq_table(eco_values, region_totals, bench_eco, bench_total, "ecosystem"),
    ])
    n_eco = mapping["ecosystem"].nunique()
    nodes = pd.concat([
        node_table(lq[lq["level"] == "nace"], regions, len(activities), "nace"),
        node_table(lq[lq["level"] == "ecosystem"], regions, n_eco, "ecosystem"),
    ])

    geos = sorted(g for g in national["geo"].unique() if (is_region_code(g) and len(g) == 2) or g == benchmark)
    nat = national[national["geo"].isin(geos)].set_index(["geo", "activity"])["v"]
    eco = to_ecosystems(nat, mapping, "geo").rename("employment").reset_index().rename(columns={"activity": "ecosystem"})
    totals_by_geo = eco.groupby("geo")["employment"].sum()
    eco["share"] = eco["employment"] / eco["geo"].map(totals_by_geo.where(totals_by_geo > 0))
    bench_share = eco[eco["geo"] == benchmark].set_index("ecosystem")["share"]
    eco["benchmark_share"] = eco["ecosystem"].map(bench_share)
    eco["specialised"] = (eco["share"] > eco["benchmark_share"]).where(
        eco["share"].notna() & eco["benchmark_share"].notna()
    )
    ranked = eco[eco["employment"].notna()].sort_values(["geo", "employment", "ecosystem"], ascending=[True, False, True])
    eco["rank"] = ranked.groupby("geo").cumcount().add(1).reindex(eco.index).astype("Int64")

    for frame in (eco, lq, nodes):
        frame.insert(1, "year", int(year))
    return eco, lq, nodes


if __name__ == "__main__":
    main()
