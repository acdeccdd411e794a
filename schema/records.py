"""Extracted records. Each keeps the text as written beside the parsed value, and its provenance."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

_FROZEN = ConfigDict(frozen=True, extra="forbid")

Comparator = Literal["ge", "le", "approx", "eq", "increase", "decrease"]


class Provenance(BaseModel):
    """Where a record was read: document, section, the quote and its offsets in the normalised text."""

    model_config = _FROZEN

    doc_id: str
    section_id: str
    quote: str
    start: int
    end: int


class Amount(BaseModel):
    """A parsed quantity: 1.25万亿元 → value 1.25, unit 万亿元, text '1.25万亿元'."""

    model_config = _FROZEN

    value: Decimal | None = None
    unit: str | None = None
    text: str = ""
    comparator: Comparator | None = None
    cumulative: bool = False  # [18] in an indicator table: a five-year cumulative figure


class Target(BaseModel):
    model_config = _FROZEN

    kind: Literal["target"] = "target"
    indicator_label: str
    indicator_key: str  # normalised concept key shared across documents
    value: Decimal | None = None
    value_text: str  # the goal as written ("75%以上", "完成省下达目标")
    unit: str | None = None
    comparator: Comparator | None = None
    target_year: int | None = None
    scope: str | None = None  # the area as written (全市, 融杭重点区域, 诸暨市)
    bindingness: Literal["预期性", "约束性"] | None = None
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    period: Literal["annual", "cumulative"] | None = None  # 年均 / 累计 figures of a plan period
    task_key: str | None = None  # the task whose text set this goal
    prov: Provenance


class Observation(BaseModel):
    model_config = _FROZEN

    kind: Literal["observation"] = "observation"
    indicator_label: str
    indicator_key: str
    value: Decimal | None = None
    value_text: str
    unit: str | None = None
    year: int | None = None
    scope: str | None = None
    prov: Provenance


class Project(BaseModel):
    model_config = _FROZEN

    kind: Literal["project"] = "project"
    name: str  # as written
    key: str  # normalised identity key (杭州至诸暨市域铁路 → 杭诸铁路 …)
    category: str | None = None  # 项目类型 / table group (轨道交通, 高速公路 …)
    stage: str | None = None  # 新建 / 续建 / 谋划
    investment: Decimal | None = None
    investment_unit: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    builder: str | None = None  # 建设单位 as written
    content: str | None = None  # 建设内容 when a table gives it
    prov: Provenance


class UnitRole(BaseModel):
    model_config = _FROZEN

    name: str
    role: Literal["responsible", "lead", "cooperating"] = "responsible"


class Task(BaseModel):
    model_config = _FROZEN

    kind: Literal["task"] = "task"
    key: str  # stable within the document: section path + number or row number
    description: str
    area: str | None = None  # the action area carried down (交通互通 …)
    deadline: str | None = None  # 2025年10月底前
    units: tuple[UnitRole, ...] = ()
    prov: Provenance


OrgType = Literal["government", "party", "company", "university", "hospital", "research", "association", "other"]


class Organisation(BaseModel):
    model_config = _FROZEN

    kind: Literal["organisation"] = "organisation"
    name: str  # as written
    key: str  # normalised: full form of the name without the jurisdiction prefix (交通运输局)
    full_name: str | None = None  # 发改局 → 发展和改革局
    org_type: OrgType = "other"
    jurisdiction: str | None = None  # place name the body belongs to (诸暨市)
    jurisdiction_adcode: str | None = None
    prov: Provenance


PlaceType = Literal[
    "province", "prefecture", "county", "township", "river", "lake", "airport", "station", "port",
    "platform", "park", "other",
]


class PlaceMention(BaseModel):
    model_config = _FROZEN

    kind: Literal["place"] = "place"
    name: str  # as written (柯桥)
    canonical: str  # 柯桥区
    place_type: PlaceType
    adcode: str | None = None
    within: str | None = None  # parent adcode, or the canonical name of the containing division
    prov: Provenance


Record = Annotated[
    Target | Observation | Project | Task | Organisation | PlaceMention,
    Field(discriminator="kind"),
]
