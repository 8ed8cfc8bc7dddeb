"""The one error every plan reader and writer raises, and the size limit of a plan file."""

from __future__ import annotations

from civicshift.core.schedule.model import ScheduleError

#: A plan file larger than this is refused before it is parsed (real plans of a few thousand
#: tasks are a few MB of MSPDI; a file of hundreds of megabytes is refused unread).
MAX_PLAN_BYTES = 50 * 1024 * 1024


class PlanFileError(ScheduleError):
    """A plan file that cannot be read: names the file, then the element and/or the task.

    ``str(error)`` is one line, e.g. ``plan.xml: Tasks/Task[3], task 7 ('Design'): the
    duration 'PT-8H' is negative``.
    """

    def __init__(
        self,
        file: str,
        detail: str,
        *,
        task_id: str | None = None,
        task_name: str | None = None,
        element: str | None = None,
        task_ids: tuple[str, ...] = (),
    ) -> None:
        self.file = file
        super().__init__(
            detail, task_id=task_id, task_name=task_name, element=element, task_ids=task_ids
        )

    def __str__(self) -> str:
        where = self.where
        return f"{self.file}: {where}: {self.detail}" if where else f"{self.file}: {self.detail}"
