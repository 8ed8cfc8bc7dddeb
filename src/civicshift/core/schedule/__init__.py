"""Scheduling: working calendars, the critical path, schedule risk and the health check.

``model`` holds the plan's dataclasses (the contract every reader, writer and pass shares);
``calendar`` the working-time arithmetic; ``cpm`` the forward and backward passes;
``simulation`` the schedule-risk Monte Carlo and classical PERT; ``health`` the DCMA 14-point
check. Import what you need from those modules; the model's names are re-exported here.
"""

from civicshift.core.schedule.model import *  # noqa: F403
from civicshift.core.schedule.model import __all__  # noqa: F401
