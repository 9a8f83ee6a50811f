from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    """Developers' tools: the demo content, the large generated site, the
    benchmarks and the load test, each a management command."""

    name = "october.tools"
    verbose_name = _("Developer tools")
