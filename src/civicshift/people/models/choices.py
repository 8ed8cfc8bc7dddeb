from django.db import models
from django.utils.translation import gettext_lazy as _

from civicshift.core import people as core


class Stance(models.TextChoices):
    RESISTANT = "resistant", _("Resistant")
    SCEPTICAL = "sceptical", _("Sceptical")
    NEUTRAL = "neutral", _("Neutral")
    SUPPORTIVE = "supportive", _("Supportive")
    CHAMPION = "champion", _("Champion")


assert tuple(Stance.values) == core.STANCES


class SubjectKind(models.TextChoices):
    PERSON = "person", _("Person")
    GROUP = "group", _("Group")


class ActivityKind(models.TextChoices):
    COMMUNICATION = "communication", _("Communication")
    TOWN_HALL = "town_hall", _("Town hall or all-staff meeting")
    DEMO = "demo", _("Demonstration")
    PILOT = "pilot", _("Pilot")
    TRAINING = "training", _("Training session")
    CHAMPIONS = "champions_meeting", _("Champions meeting")
    SPONSOR = "sponsor_action", _("Sponsor action")
    RESISTANCE = "resistance_response", _("Resistance response")
    FEEDBACK = "feedback", _("Feedback session or survey")
    CELEBRATION = "celebration", _("Recognition or celebration")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ResistanceCause(models.TextChoices):
    UNAWARE = "unaware", _("Does not know why the change is needed")
    LOSS = "loss", _("Fears losing status, control or a job")
    WORKLOAD = "workload", _("Worried about the extra workload during the change")
    SKILLS = "skills", _("Worried they will not manage the new way of working")
    PAST = "past", _("Past changes went badly")
    NOT_CONSULTED = "not_consulted", _("Was not asked or listened to")
    DISAGREES = "disagrees", _("Disagrees with the solution chosen")
    OTHER = "other", _("Something else (say what in the notes)")
