"""Plan files: Microsoft Project XML (MSPDI), the project's own YAML/JSON plan file, and the
exports (xlsx, iCalendar). Every reader returns a ``civicshift.core.schedule.model.Project`` and
refuses bad input with a :class:`PlanFileError` naming the file and the task or element.
"""

from civicshift.formats.plan.errors import MAX_PLAN_BYTES, PlanFileError

__all__ = ["MAX_PLAN_BYTES", "PlanFileError"]

# Modules: ``detect.read_plan`` (either kind of file, by content), ``mspdi_read`` /
# ``mspdi_write``, ``planfile`` / ``planfile_write``, ``xlsx``, ``ics``.
