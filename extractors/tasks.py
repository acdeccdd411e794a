"""Tasks and the units responsible for them: task tables, and numbered tasks in running text.

* **Task tables** — a header with a task column (重点工作, 主要任务, 工作任务 …) and a unit column
  (责任单位, 牵头单位, 配合单位 …). One task per row: the action area carried down (行动领域), the
  task as written, each unit with its role — ``lead`` and ``cooperating`` when the header tells
  牵头单位 from 配合单位, ``responsible`` for a plain 责任单位 — and a deadline column if any. Key:
  table id and row number (``附件1/表1#12``).
* **Numbered tasks** — the leaf numbered sections (1. 打造杭绍一体轨道网。…) under a heading that sets
  tasks (重点任务, 主要任务, 工作任务, 重点工作, …行动, 举措) or anywhere in a document of the action
  kind (行动计划, 实施方案, 工作方案, 工作要点), except under background, target and safeguard
  headings (行动背景, 发展目标, 保障措施 …) and inside 专栏 boxes. The area is the parent heading,
  the key the section path. Units come from the text: a closing bracket (（责任单位：市交通运输局、
  市发改局）, （市发改委、市财政局牵头，各县市区按职责分工负责）), a “责任单位：…” line, or
  由…牵头/负责. A deadline written in the task (2025年10月底前, 年底前) is kept.

Numeric goals inside a task are that task's targets: :func:`link_targets_to_tasks` fills
``Target.task_key`` for targets whose offsets fall inside a task's span (run after all extractors).

>>> from plangraph.pipeline.segment import segment_text
>>> doc = segment_text("三、主要任务\\n1.推进老旧小区改造。2025年10月底前完成120个小区改造（市住建局牵头，各区县（市）按职责分工负责）。\\n")
>>> t = extract_tasks(doc)[0]
>>> t.key, t.deadline, [(u.name, u.role) for u in t.units]
('三/1', '2025年10月底前', [('市住建局', 'lead'), ('各区县（市）', 'cooperating')])
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from plangraph.extractors import ExtractContext, register
from plangraph.schema import Provenance, Record, Section, SegmentedDoc, Table, Task, UnitRole

try:  # the organisations extractor owns unit splitting; this fallback keeps tasks usable alone
    from plangraph.extractors.organisations import split_units
except ImportError:  # pragma: no cover - only while organisations.py is absent

    def split_units(text: str) -> list[str]:
        parts = re.split(r"[、，,；;/／\s]+(?![^（(]*[）)])", text)
        return [p for p in (re.sub(r"(?:牵头|负责|配合|参与|协助)$", "", x.strip()) for x in parts) if p]


__all__ = [
    "extract_tasks",
    "table_tasks",
    "prose_tasks",
    "is_task_table",
    "parse_units",
    "find_deadline",
    "is_task_section",
    "link_targets_to_tasks",
]

# ------------------------------------------------------------------------------------- rule tables

# Header words of a task table's columns, first match wins.
_TASK_COLUMN = re.compile(
    r"重点工作|主要任务|工作任务|重点任务|具体任务|任务内容|工作内容|工作措施|具体措施|目标任务|工作事项|"
    r"重点事项|主要内容|^任务$|任务名称|^举措$|^工作$"
)
_UNIT_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lead", re.compile(r"牵头")),
    ("cooperating", re.compile(r"配合|协办|协同单位|参与单位|协助")),
    ("responsible", re.compile(r"责任单位|责任部门|责任主体|实施单位|承办单位|主体单位|责任处室")),
)
_AREA_COLUMN = re.compile(r"行动领域|领域|类别|方面|专项|板块|重点方向|任务类别|^行动$|类型|分类")
_DEADLINE_COLUMN = re.compile(r"完成时限|时间节点|完成时间|^时限$|进度安排|时间安排|完成期限")
_SEQ_COLUMN = re.compile(r"^(序号|编号|序)$")

# Headings that set tasks: their numbered leaves are tasks.
_TASK_HEADING = re.compile(
    r"(?:重点|主要|工作|具体|核心|目标)任务|重点工作|工作重点|行动$|行动计划$|专项行动|举措|工作措施$|主要措施$|"
    r"任务清单|攻坚|重点领域"
)
# Headings whose items are not tasks: background, aims, principles, safeguards.
_NOT_TASK_HEADING = re.compile(
    r"保障措施|保障机制|组织保障|实施保障|要素保障|背景|(?:发展|现实|行动|工作|良好|坚实)基础|基础条件|^基础$|"
    r"现状|形势|机遇|挑战|指导思想|基本原则|总体要求|"
    r"发展目标|主要目标|工作目标|总体目标|预期目标|目标$|意义|组织实施|工作要求|附则|实施步骤|进度安排|"
    r"职责分工$|总体思路|发展定位|空间布局|总体布局"
)
# Documents whose numbered items are tasks throughout.
_ACTION_DOC = re.compile(r"行动计划|行动方案|实施方案|工作方案|工作要点|任务清单|攻坚方案|推进方案|实施意见")

# Role words after a list of units, longest first.
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("按职责分工负责", "cooperating"),
    ("按职责分工落实", "cooperating"),
    ("按职责分工", "cooperating"),
    ("分工负责", "cooperating"),
    ("牵头负责", "lead"),
    ("共同牵头", "lead"),
    ("牵头", "lead"),
    ("配合", "cooperating"),
    ("参与", "cooperating"),
    ("协助", "cooperating"),
    ("共同负责", "responsible"),
    ("具体负责", "responsible"),
    ("负责", "responsible"),
)
_LABELS: tuple[tuple[str, str], ...] = (
    ("牵头单位", "lead"),
    ("牵头部门", "lead"),
    ("配合单位", "cooperating"),
    ("配合部门", "cooperating"),
    ("协办单位", "cooperating"),
    ("参与单位", "cooperating"),
    ("责任单位", "responsible"),
    ("责任部门", "responsible"),
    ("责任主体", "responsible"),
    ("实施单位", "responsible"),
)
_LABEL_RE = re.compile(r"(" + "|".join(lbl for lbl, _ in _LABELS) + r")\s*[:：]\s*")

# The end of a unit's name: a body, a company, a place that acts (各县市区, 次坞镇).
_UNIT_END = re.compile(
    r"(?:局|委|委员会|办|办公室|厅|部|中心|集团|公司|政府|管委会|专班|领导小组|小组|指挥部|镇|街道|乡|区|县|市|"
    r"县（市）|（市）|（市、区）|院|所|会|联合会|室|处|队|站|社|行|分局|支队|大队|建管办|开发委|法院|检察院|"
    r"银行|学校|大学|学院|医院|协会|商会|工商联|团市委|妇联|残联|科协|总工会|军分区)$"
)
_COLLECTIVE = re.compile(r"^各(?:地|有关|相关)?")

# Deadlines written in a task: 2025年10月底前, 2025年底前, 年底前, 6月底前.
_DEADLINE = re.compile(
    r"(?:20\d{2}年(?:\d{1,2}月(?:底|末|上旬|中旬|下旬)?|底|末|上半年|下半年)?|(?<![\d年])\d{1,2}月(?:底|末|上旬|中旬|下旬)?"
    r"|年底|年末|上半年|下半年)(?:前|以前|之前)"
)
_DEADLINE_LABEL = re.compile(r"(?:完成时限|时间节点|完成时间|时限要求?)\s*[:：]\s*([^，,；;）)。\n]{2,20})")


# ------------------------------------------------------------------------------------------- units


def _is_unit(name: str) -> bool:
    return 2 <= len(name) <= 30 and bool(_UNIT_END.search(name)) and not re.search(r"[。；，]", name)


def _units_of(text: str, role: str) -> list[UnitRole]:
    out = []
    for name in split_units(text):
        name = re.sub(r"^(?:由|请|和|及|与)", "", name).strip()
        name = re.sub(r"等$", "", name)
        if _is_unit(name):
            out.append(UnitRole(name=name, role=role))  # type: ignore[arg-type]
    return out


def parse_units(text: str, default: str = "responsible") -> list[UnitRole]:
    """Units and roles from a unit cell or a closing bracket.

    >>> [(u.name, u.role) for u in parse_units("市发改委、市财政局牵头，各县市区按职责分工负责")]
    [('市发改委', 'lead'), ('市财政局', 'lead'), ('各县市区', 'cooperating')]
    >>> [(u.name, u.role) for u in parse_units("牵头单位：市教育局；配合单位：市财政局、市人力社保局")]
    [('市教育局', 'lead'), ('市财政局', 'cooperating'), ('市人力社保局', 'cooperating')]
    >>> [(u.name, u.role) for u in parse_units("市交通运输局、市发改局")]
    [('市交通运输局', 'responsible'), ('市发改局', 'responsible')]
    """
    text = text.strip().strip("（()）").strip()
    out: list[UnitRole] = []
    # Labelled lists: 牵头单位：…；配合单位：…
    labels = list(_LABEL_RE.finditer(text))
    if labels:
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
            role = dict(_LABELS)[m.group(1)]
            out += _units_of(text[m.end() : end].strip("，,；; "), role)
        return _dedupe(out)
    for clause in re.split(r"[，,；;。]", text):
        clause = clause.strip()
        if not clause:
            continue
        role = default
        for word, r in _ROLE_WORDS:
            if clause.endswith(word) and len(clause) > len(word):
                clause, role = clause[: -len(word)], r
                break
        clause = re.sub(r"^由", "", clause)
        out += _units_of(clause, role)
    return _dedupe(out)


def _dedupe(units: Iterable[UnitRole]) -> list[UnitRole]:
    seen, out = set(), []
    for u in units:
        if (u.name, u.role) not in seen:
            seen.add((u.name, u.role))
            out.append(u)
    return out


def find_deadline(text: str) -> str | None:
    """The deadline a task states, as written.

    >>> find_deadline("2025年10月底前完成改造"), find_deadline("年底前出台办法"), find_deadline("到2027年，达到90%")
    ('2025年10月底前', '年底前', None)
    """
    m = _DEADLINE_LABEL.search(text)
    if m:
        return m.group(1).strip()
    m = _DEADLINE.search(text)
    return m.group(0) if m else None


# ------------------------------------------------------------------------------------------ tables


@dataclass(frozen=True)
class _TaskColumns:
    task: int
    units: tuple[tuple[int, str], ...]  # (column, role)
    area: int | None
    deadline: int | None
    seq: int | None


def _task_columns(table: Table) -> _TaskColumns | None:
    task = next((i for i, h in enumerate(table.header) if _TASK_COLUMN.search(h)), None)
    if task is None:
        return None
    units: list[tuple[int, str]] = []
    for i, h in enumerate(table.header):
        if i == task:
            continue
        for role, pattern in _UNIT_COLUMNS:
            if pattern.search(h):
                units.append((i, role))
                break
    if not units:
        return None
    used = {task, *(i for i, _ in units)}
    area = next((i for i, h in enumerate(table.header) if i not in used and _AREA_COLUMN.search(h)), None)
    deadline = next((i for i, h in enumerate(table.header) if i not in used and _DEADLINE_COLUMN.search(h)), None)
    seq = next((i for i, h in enumerate(table.header) if _SEQ_COLUMN.match(h)), None)
    return _TaskColumns(task, tuple(units), area, deadline, seq)


def is_task_table(table: Table) -> bool:
    """A task column (重点工作 …) beside a unit column (责任单位, 牵头单位 …)."""
    return _task_columns(table) is not None


_FIRST_IS_LEAD = re.compile(r"(?:排(?:名|在)?第一|第一个|首位|列第一|排序第一|第一家)[^。；]{0,8}(?:为|是)?牵头")


def table_tasks(doc: SegmentedDoc) -> list[Task]:
    text = doc.document.text
    out: list[Task] = []
    for table in doc.tables:
        cols = _task_columns(table)
        if cols is None:
            continue
        # “排名第一的为牵头单位”: the first unit of a 责任单位 cell leads, the others co-operate.
        first_leads = bool(_FIRST_IS_LEAD.search(f"{table.title or ''}{table.note or ''}{''.join(table.header)}"))
        n = 0
        for row in table.rows:
            if row.is_group:
                continue
            cells = row.cells
            description = cells[cols.task].text.strip() if cols.task < len(cells) else ""
            if not description:
                continue
            n += 1
            seq = cells[cols.seq].text.strip() if cols.seq is not None and cols.seq < len(cells) else ""
            number = seq if seq.isdigit() and not cells[cols.seq].carried else str(n)
            units: list[UnitRole] = []
            for i, role in cols.units:
                if i < len(cells) and cells[i].text.strip():
                    found = parse_units(cells[i].text, role)
                    if first_leads and role == "responsible" and found:
                        found = [UnitRole(name=u.name, role="lead" if k == 0 else "cooperating") for k, u in enumerate(found)]
                    units += found
            area = cells[cols.area].text.strip() if cols.area is not None and cols.area < len(cells) else None
            deadline = None
            if cols.deadline is not None and cols.deadline < len(cells):
                deadline = cells[cols.deadline].text.strip() or None
            out.append(
                Task(
                    key=f"{table.table_id}#{number}",
                    description=description,
                    area=area or None,
                    deadline=deadline or find_deadline(description),
                    units=tuple(_dedupe(units)),
                    prov=Provenance(
                        doc_id=doc.document.doc_id, section_id=table.table_id,
                        quote=text[row.start : row.end], start=row.start, end=row.end,
                    ),
                )
            )
    return out


# ------------------------------------------------------------------------------------------- prose

_NUMBERED = ("part", "subpart", "item", "subitem", "circled")


def _is_action_doc(doc: SegmentedDoc) -> bool:
    """The document's own title (or, without one, its first line) names an action-plan kind;
    a plan that only cites one (为贯彻《…实施方案》) is not of that kind."""
    title = doc.document.metadata.title
    if not title:
        first = next((ln for ln in doc.document.simplified.splitlines() if ln.strip()), "")
        title = first if len(first.strip()) <= 60 else ""
    return bool(_ACTION_DOC.search(title))


def is_task_section(doc: SegmentedDoc, section: Section) -> bool:
    """Whether a numbered section is a task: a leaf (not counting boxes and tables) under a heading
    that sets tasks or in a document of the action kind, and under no background, target or
    safeguard heading, and not inside a 专栏 box."""
    if section.kind not in _NUMBERED:
        return False
    chain = doc.ancestors(section.section_id)  # the section itself first
    if any(s.kind in ("box", "table") for s in chain):
        return False
    if any(_NOT_TASK_HEADING.search(s.heading) for s in chain if s.kind != "document"):
        return False
    if any(s.kind in _NUMBERED for s in doc.children(section.section_id)):
        return False  # it has numbered children: it is an area, not a task
    setting = any(_TASK_HEADING.search(s.heading) for s in chain[1:] if s.kind != "document")
    return setting or _is_action_doc(doc)


# The closing bracket that assigns units: （责任单位：…）, （…牵头，…负责）, （市发改委）.
_UNIT_BRACKET = re.compile(r"[（(]([^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*)[）)]\s*[。；;]?\s*$")
# “责任单位：…” closing the task, on its own line or after the last sentence (…建设。责任单位：…。)
_UNIT_LINE = re.compile(r"(?:^|\n|(?<=[。；;]))\s*(?:责任单位|牵头单位|责任部门)\s*[:：][^\n]*$")
_BY_LEAD = re.compile(
    r"由((?:[^，。；由]{2,20}?(?:局|委|办|厅|部|中心|政府|管委会|专班)、?)+)(牵头负责|牵头|负责)"
    r"(?:[，,]?(?:([^，。；会]{2,60}?)(配合|参与|协助)|会同([^，。；]{2,40}?(?:局|委|办|厅|部|中心|政府|管委会))))?"
)


def _units_in_text(body: str) -> tuple[list[UnitRole], int]:
    """Units a task's text assigns, and where the assignment starts (to cut it from the description)."""
    stripped = body.rstrip()
    m = _UNIT_BRACKET.search(stripped)
    if m:
        inner = m.group(1)
        units = parse_units(inner)
        looks_assigned = re.search(r"责任单位|牵头|负责|配合|责任部门", inner) or (
            units and len(units) == len(split_units(inner))
        )
        if units and looks_assigned:
            return units, m.start()
    m = _UNIT_LINE.search(stripped)
    if m:
        units = parse_units(m.group(0).strip().rstrip("。；;"))
        if units:
            return units, m.start()
    units = []
    for m in _BY_LEAD.finditer(body):
        units += parse_units(m.group(1), "lead" if m.group(2).startswith("牵头") else "responsible")
        if m.group(3):
            units += parse_units(m.group(3), "cooperating")
        if m.group(5):  # 由市经信局牵头负责，会同市财政局…: the body it works with co-operates
            units += parse_units(m.group(5), "cooperating")
    return _dedupe(units), len(stripped)


def prose_tasks(doc: SegmentedDoc) -> list[Task]:
    text = doc.document.text
    by_id = {s.section_id: s for s in doc.sections}
    out: list[Task] = []
    for s in doc.sections:
        if not is_task_section(doc, s):
            continue
        end = s.end
        for child in doc.children(s.section_id):  # a 专栏 or table inside the task is not its text
            if child.kind in ("box", "table"):
                end = min(end, child.start)
        body = text[s.start : end].rstrip()
        if not text[s.heading_end : end].strip(" \t\n。"):
            continue  # a heading with nothing under it sets no task
        units, cut = _units_in_text(body)
        quote_end = s.start + len(body)
        desc_start = s.heading_start - s.start
        description = re.sub(r"\s+", " ", body[desc_start:cut]).strip()
        if not description:
            continue
        parent = by_id.get(s.parent_id) if s.parent_id else None
        area = None
        if parent is not None and parent.kind != "document" and not re.fullmatch(
            r"(?:重点|主要|工作|具体|核心)任务|重点工作|主要措施|工作措施", parent.heading.strip("。 ")
        ):
            area = parent.heading.strip("。 ") or None
        out.append(
            Task(
                key=s.section_id,
                description=description,
                area=area,
                deadline=find_deadline(body),
                units=tuple(units),
                prov=Provenance(
                    doc_id=doc.document.doc_id, section_id=s.section_id,
                    quote=text[s.start : quote_end], start=s.start, end=quote_end,
                ),
            )
        )
    return out


# ------------------------------------------------------------------------------------------- entry


def extract_tasks(doc: SegmentedDoc) -> list[Task]:
    """Task-table rows, then numbered tasks in the text."""
    return table_tasks(doc) + prose_tasks(doc)


def link_targets_to_tasks(records: list[Record]) -> list[Record]:
    """The records with ``Target.task_key`` set for every target read inside a task (the smallest
    task span holding the target's quote, same document). Other records are returned unchanged.

    >>> from plangraph.schema import Target
    >>> p = lambda a, b: Provenance(doc_id="d", section_id="s", quote="x" * (b - a), start=a, end=b)
    >>> task = Task(key="三/1", description="…", prov=p(0, 100))
    >>> goal = Target(indicator_label="x", indicator_key="x", value_text="5%", prov=p(40, 45))
    >>> link_targets_to_tasks([task, goal])[1].task_key
    '三/1'
    """
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for r in records:
        if r.kind == "task":
            spans[r.prov.doc_id].append((r.prov.start, r.prov.end, r.key))
    out: list[Record] = []
    for r in records:
        if r.kind == "target" and r.task_key is None:
            holding = [(e - s, key) for s, e, key in spans.get(r.prov.doc_id, ()) if s <= r.prov.start and r.prov.end <= e]
            if holding:
                r = r.model_copy(update={"task_key": min(holding)[1]})
        out.append(r)
    return out


@dataclass(frozen=True)
class TasksExtractor:
    name: str = "tasks"
    kinds: tuple[str, ...] = ("task",)

    def __call__(self, doc: SegmentedDoc, context: ExtractContext) -> list[Record]:
        return list(extract_tasks(doc))


@register("tasks")
def make_tasks() -> TasksExtractor:
    return TasksExtractor()
