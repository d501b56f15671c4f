"""Writes the SYNTHETIC parser fixtures of the live recipes (deterministic; values invented, not Eurostat's).

python3 data/examples/fixtures.py   (from the repository root)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = [2021, 2022, 2023]
DIVISIONS = (
    'A01 A02 A03 B05 B06 B07 B08 B09 C10 C11 C12 C13 C14 C15 C16 C17 C18 C19 C20 C21 C22 C23 C24 C25 C26 C27 '
    'C28 C29 C30 C31 C32 C33 D35 E36 E37 E38 E39 F41 F42 F43 G45 G46 G47 H49 H50 H51 H52 H53 I55 I56 J58 J59 '
    'J60 J61 J62 J63 K64 K65 K66 L68 M69 M70 M71 M72 M73 M74 M75 N77 N78 N79 N80 N81 N82 O84 P85 Q86 Q87 Q88 '
    'R90 R91 R92 R93 S94 S95 S96 T97 T98 U99'
).split()
SECTIONS = ['A', 'B-E', 'F', 'G-I', 'J', 'K', 'L', 'M_N', 'O-Q', 'R-U']
BE_REGIONS = ['BE10', 'BE21', 'BE22', 'BE23', 'BE24', 'BE25', 'BE31', 'BE32', 'BE33', 'BE34', 'BE35']
# Business economy in SBS: sections B to N and S95, except K (financial and insurance activities).
BUSINESS = [d for d in DIVISIONS if d[0] in 'BCDEFGHIJLMN' or d == 'S95']


def value(*labels):
    """A made-up positive number from the labels (a small string hash), stable across runs: 1.0 to 901.0."""
    h = 2166136261
    for ch in '|'.join(map(str, labels)):
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return 1 + (h % 9000) / 10


def series(*labels, scale=1.0):
    """Three years of a made-up series: a level from the labels, drifting a few per cent a year."""
    base = value(*labels) * scale
    return [base * (1 + (value(*labels, y) - 450) / 9000) for y in YEARS]


def fmt(values, confidential=()):
    return [': c' if y in confidential else f'{v:.1f} ' for y, v in zip(YEARS, values)]


def add(a, b):
    return [x + y for x, y in zip(a, b)]


def write(path, header_dims, rows):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(f'{header_dims}\\TIME_PERIOD\t' + '\t'.join(f'{y} ' for y in YEARS) + '\n')
        for key, values in rows:
            f.write(key + '\t' + '\t'.join(values) + '\n')


def with_aggregates(by_region):
    """Belgium's NUTS1 regions and the country as sums of the NUTS2 rows."""
    out = dict(by_region)
    for nuts1 in ['BE1', 'BE2', 'BE3']:
        out[nuts1] = [sum(v) for v in zip(*[by_region[r] for r in BE_REGIONS if r.startswith(nuts1)])]
    out['BE'] = [sum(v) for v in zip(*[by_region[r] for r in BE_REGIONS])]
    return out


def lfs():
    d = os.path.join(HERE, 'lfs-all-years', 'eurostat')
    national = []
    for nace in DIVISIONS:
        be = series(nace, 'BE', scale=0.1)
        eu = series(nace, 'EU27_2020', scale=6)
        for sex, share in [('F', 0.45), ('M', 0.55), ('T', 1.0)]:
            for geo, values in [('BE', be), ('EU27_2020', eu)]:
                national.append((f'A,THS_PER,{sex},Y_GE15,{nace},{geo}', fmt([v * share for v in values])))
    national.sort()
    write(os.path.join(d, 'synthetic_lfsa_egan22d.tsv'), 'freq,unit,sex,age,nace_r2,geo', national)
    regional, totals = [], []
    sums = {}
    for age, share in [('Y15-64', 0.96), ('Y_GE15', 1.0)]:
        by_section = {}
        for nace in SECTIONS + ['NRP']:
            rows = {r: [v * share for v in series(nace, r, scale=0.2 if nace != 'NRP' else 0.01)] for r in BE_REGIONS}
            rows = with_aggregates(rows)
            rows['EU27_2020'] = [v * share for v in series(nace, 'EU27_2020', scale=60)]
            by_section[nace] = rows
        geos = list(by_section['A'].keys())
        total = {g: [sum(v) for v in zip(*[by_section[n][g] for n in by_section])] for g in geos}
        by_section['TOTAL'] = total
        for nace, rows in by_section.items():
            for geo, values in rows.items():
                regional.append((f'A,THS_PER,T,{age},{nace},{geo}', fmt(values)))
        for geo, values in total.items():
            totals.append((f'A,THS_PER,T,{age},{geo}', fmt([v * 1.004 for v in values])))
    regional.sort()
    totals.sort()
    write(os.path.join(d, 'synthetic_lfst_r_lfe2en2.tsv'), 'freq,unit,sex,age,nace_r2,geo', regional)
    write(os.path.join(d, 'synthetic_lfst_r_lfe2emp.tsv'), 'freq,unit,sex,age,geo', totals)


def sbs():
    d = os.path.join(HERE, 'sbs-nuts2-divisions', 'eurostat')
    rows = []
    for indic, scale in [('EMP_LOC_NR', 10.0), ('ENT_LOC_NR', 0.5)]:
        by_nace = {}
        for nace in BUSINESS:
            r = with_aggregates({g: series(indic, nace, g, scale=scale) for g in BE_REGIONS})
            r['EU27_2020'] = series(indic, nace, 'EU27_2020', scale=scale * 300)
            by_nace[nace] = r
        geos = list(by_nace['C10'].keys())
        by_nace['C'] = {g: [sum(v) for v in zip(*[by_nace[n][g] for n in BUSINESS if n[0] == 'C'])] for g in geos}
        by_nace['B-N_S95_X_K'] = {g: [sum(v) for v in zip(*[by_nace[n][g] for n in BUSINESS])] for g in geos}
        for nace, by_geo in by_nace.items():
            for geo, values in by_geo.items():
                # A few confidential cells, as SBS has where a region has one or two enterprises.
                confidential = (2022,) if (geo == 'BE34' and nace in ('B05', 'C19')) else ()
                rows.append((f'A,{indic},{nace},{geo}', fmt(values, confidential)))
    rows.sort()
    write(os.path.join(d, 'synthetic_sbs_r_nuts2021.tsv'), 'freq,indic_sbs,nace_r2,geo', rows)


if __name__ == '__main__':
    lfs()
    sbs()
