"""The domain's typed models: the only things the build's stages pass on.

One module per concept: `config` (touchsite.yml), `content` (touchpoints, recommendations,
journeys, pages), `data` (answers reduced to counts, comments, data quality, business
figures), `estimate` (a KPI figure with its interval and n), `project` (all of it loaded),
`markdown` (how content bodies are written and link to each other). Import them from here.
"""

from touchsite.kpi import KPIS, Kpi, Scale
from touchsite.models.config import (
    Channel,
    Config,
    DataSource,
    Metric,
    Persona,
    Phase,
    Privacy,
    Rules,
    ScoreColumn,
    Targets,
    TouchpointColumns,
)
from touchsite.models.content import (
    BLUEPRINT_LANES,
    CUSTOMER_LANES,
    DEFAULT_LANES,
    INSIGHT_LANES,
    LANES,
    TEXT_LANES,
    Insight,
    Journey,
    Opportunity,
    Page,
    Recommendation,
    Source,
    Step,
    Touchpoint,
    lane_group,
    resolve_step,
)
from touchsite.models.data import (
    OVERALL,
    QUALITY_TITLES,
    REDACTION_TITLES,
    BadValue,
    Comment,
    DataFile,
    DriverMoments,
    Feedback,
    MetricSeries,
    QualityFinding,
)
from touchsite.models.estimate import (
    KpiEstimate,
)
from touchsite.models.project import (
    Project,
)

__all__ = [
    "BLUEPRINT_LANES",
    "BadValue",
    "CUSTOMER_LANES",
    "Channel",
    "Comment",
    "Config",
    "DEFAULT_LANES",
    "DataFile",
    "DataSource",
    "DriverMoments",
    "Feedback",
    "INSIGHT_LANES",
    "Insight",
    "Journey",
    "KPIS",
    "Kpi",
    "KpiEstimate",
    "LANES",
    "Metric",
    "MetricSeries",
    "OVERALL",
    "Opportunity",
    "Page",
    "Persona",
    "Phase",
    "Privacy",
    "Project",
    "QUALITY_TITLES",
    "QualityFinding",
    "REDACTION_TITLES",
    "Recommendation",
    "Rules",
    "Scale",
    "ScoreColumn",
    "Source",
    "Step",
    "TEXT_LANES",
    "Targets",
    "Touchpoint",
    "TouchpointColumns",
    "lane_group",
    "resolve_step",
]
