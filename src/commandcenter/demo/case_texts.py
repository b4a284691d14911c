"""The descriptive part of generated cases: codes, titles, addresses, texts, places, reporters.

`content(...)` gives the ``cases`` columns the lifecycle never reads: the case code
(``QH<yyyymmdd><6-digit daily sequence>``, as `store.seq.next_case_code` numbers cases), the
external id of hotline and district-sync cases, title, description and address from the
vocabulary in `names`, the point inside the grid and its division codes. `reporters(...)` gives
the identity rows of the public channels (hotline callers, window visitors), kept apart from
the case content as the store requires.
"""

from __future__ import annotations

import numpy as np

from commandcenter.analytics.duty import DAY
from commandcenter.demo import case_draw, names
from commandcenter.demo.org_seed import OrgData
from commandcenter.domain.vocabulary import Channel

REPORTER_ID_SHARE = 0.3  # reporters who gave an ID number
ANONYMOUS_SHARE = 0.15  # hotline callers who gave no name


def content(g, org: OrgData, rng, grid, cond, conds, reported, channel, duplicates) -> dict:
    """``cases`` columns of the descriptive part, plus ``_day_codes`` (see the module docstring)."""
    n = grid.size
    minor_names = {m.code: m.name for m in org.catalogue.minors}
    what = np.array([minor_names[m] for m, _ in conds], dtype=object)[cond]
    major = np.array([m[:2] for m, _ in conds], dtype=object)[cond]
    streets = {s["code"]: s["name"] for s in org.streets}
    gstreet = [x["street_code"] for x in org.grids]
    road_pick = rng.integers(0, 6, n).tolist()
    num = rng.integers(1, 320, n).tolist()
    mark = rng.integers(0, len(names.LANDMARKS), n).tolist()
    tpl = rng.integers(0, 3, n).tolist()
    lon, lat = case_draw.points_in_grids(rng, org.grid_geoms, grid)
    address, description, title = [], [], []
    for gi, rp, nu, mk, tp, wt, mj in zip(
        grid.tolist(), road_pick, num, mark, tpl, what.tolist(), major.tolist()
    ):
        s = gstreet[gi]
        roads = names.roads_of(s)
        road = roads[rp % len(roads)]
        address.append(f"南京市秦淮区{streets[s]}{road}{nu}号")
        where = f"{road}{nu}号{names.LANDMARKS[mk]}"
        texts = names.descriptions_for(mj)
        description.append(texts[tp % len(texts)].format(where=where, what=wt))
        title.append(f"{wt}（{road}）")
    day = reported // DAY
    first_of_day = np.searchsorted(day, day)
    daily = np.arange(n) - first_of_day + 1
    ymd = np.datetime_as_string(day.astype("datetime64[D]"), unit="D").astype(object)
    ymd = np.array([d.replace("-", "") for d in ymd.tolist()], dtype=object)
    code = [f"QH{d}{k:06d}" for d, k in zip(ymd.tolist(), daily.tolist())]
    day_codes = {}
    for d, k in zip(ymd.tolist(), daily.tolist()):
        day_codes[d] = k
    hotline = channel == case_draw.CHANNELS.index(Channel.HOTLINE_12345)
    sync = channel == case_draw.CHANNELS.index(Channel.DISTRICT_SYNC)
    ids = np.arange(1, n + 1)
    external = np.empty(n, dtype=object)
    external[hotline] = [
        f"12345-{d}{i:07d}" for d, i in zip(ymd[hotline].tolist(), ids[hotline].tolist())
    ]
    external[sync] = [f"NJSZ-{d}{i:07d}" for d, i in zip(ymd[sync].tolist(), ids[sync].tolist())]
    return {
        "code": code,
        "source": "local",
        "external_id": external,
        "channel": g.channel_names[channel],
        "title": title,
        "description": description,
        "address": address,
        "lon": lon,
        "lat": lat,
        "street_code": np.array(gstreet, dtype=object)[grid],
        "community_code": np.array([x["community_code"] for x in org.grids], dtype=object)[grid],
        "grid_code": np.array([x["code"] for x in org.grids], dtype=object)[grid],
        "outside_district": False,
        "priority": g.emergency.astype(np.int64),
        "duplicates_count": duplicates,
        "reported_at": reported,
        "_day_codes": day_codes,
    }


def reporters(rng: np.random.Generator, channel: np.ndarray, n: int) -> dict[str, list]:
    """Identity rows for the public channels (hotline callers, window visitors)."""
    public = np.flatnonzero(
        np.isin(
            channel,
            [
                case_draw.CHANNELS.index(Channel.HOTLINE_12345),
                case_draw.CHANNELS.index(Channel.SERVICE_WINDOW),
            ],
        )
    )
    m = public.size
    people = names.person_names(rng, m)
    anonymous = (rng.random(m) < ANONYMOUS_SHARE) & (
        channel[public] == case_draw.CHANNELS.index(Channel.HOTLINE_12345)
    )
    with_id = rng.random(m) < REPORTER_ID_SHARE
    ids = names.id_numbers(rng, int(with_id.sum()))
    id_col: list[str | None] = [None] * m
    for j, v in zip(np.flatnonzero(with_id).tolist(), ids):
        id_col[j] = v
    return {
        "case_id": (public + 1).tolist(),
        "name": [None if a else p for p, a in zip(people, anonymous.tolist())],
        "phone": names.phone_numbers(rng, m),
        "id_number": id_col,
    }
