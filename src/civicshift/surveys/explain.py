"""Each result in words a city manager understands (used by the results page and the CLI)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .exports import group_label


def _n(value, digits=1) -> str:
    return number_format(value, digits)


def subscale_sentence(sub: dict) -> str:
    interval = sub["interval"]
    if interval is None:
        return _("Too few complete answers for an average.")
    midpoint = (sub["points"] + 1) / 2
    if interval["low"] > midpoint:
        lean = _("Staff lean towards agreeing")
    elif interval["high"] < midpoint:
        lean = _("Staff lean towards disagreeing")
    else:
        lean = _("Staff are on balance neither agreeing nor disagreeing")
    return _(
        "%(lean)s: the average is %(mean)s on a scale of 1 to %(points)d (%(mid)s is "
        "“neither”). With %(n)d complete answers the true average of all staff is very likely "
        "between %(low)s and %(high)s."
    ) % {
        "lean": lean,
        "mean": _n(interval["mean"], 2),
        "points": sub["points"],
        "mid": _n(midpoint, 0),
        "n": interval["n"],
        "low": _n(interval["low"], 2),
        "high": _n(interval["high"], 2),
    }


def alpha_sentence(sub: dict) -> str:
    alpha = sub["alpha"]
    if alpha is None:
        return ""
    if alpha["value"] is None:
        return _("Reliability could not be worked out: %(reason)s.") % {"reason": alpha["reason"]}
    if alpha["warning"]:
        return _(
            "Warning: these questions do not agree well enough with each other (Cronbach's "
            "alpha %(a)s, below 0.7) to be read as one score. Look at the questions one by one."
        ) % {"a": _n(alpha["value"], 2)}
    return _(
        "The questions hang together well (Cronbach's alpha %(a)s, 0.7 or more is good), so "
        "their average can be read as one score."
    ) % {"a": _n(alpha["value"], 2)}


def hotspot_sentence(hotspot: dict) -> str:
    if hotspot["group"] is None:
        return _("Across everyone, %(scale)s is low (average %(mean)s).") % {
            "scale": hotspot["label"].lower(),
            "mean": _n(hotspot["mean"], 2),
        }
    return _(
        "%(group)s: %(scale)s is low (average %(mean)s), and its people agree with each other "
        "on it: a place to start (training, support, a conversation)."
    ) % {
        "group": group_label(hotspot["group"]),
        "scale": hotspot["label"].lower(),
        "mean": _n(hotspot["mean"], 2),
    }


def explain(data: dict, survey) -> dict:
    if not data.get("enough"):
        return {}
    deps = data["departments"]
    hidden = deps["suppressed_count"]
    heat = _(
        "A department appears only where at least %(k)d people answered. A department's score "
        "is shown only where its people agree enough with each other to speak of the "
        "department's view (rwg(j) of 0.70 or more); otherwise the cell says the answers are "
        "too mixed."
    ) % {"k": data["k"]}
    if deps["other"]:
        heat += " " + _(
            "Departments with fewer answers are shown together as “other departments” "
            "(%(n)d answers)."
        ) % {"n": deps["other_count"]}
    if hidden:
        heat += " " + _("%(n)d answers are in no breakdown, to keep them anonymous.") % {
            "n": hidden
        }
    return {
        "subscales": {
            s["key"]: {"mean": subscale_sentence(s), "alpha": alpha_sentence(s)}
            for s in data["subscales"]
        },
        "heat": heat,
        "hotspots": [hotspot_sentence(h) for h in data["hotspots"]],
    }
