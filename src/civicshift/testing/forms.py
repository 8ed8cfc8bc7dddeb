"""Read a form out of a rendered page the way a browser would submit it, so a test can "open"
a page and post back exactly what it showed (hidden fields included)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "values": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["values"].append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._form["values"].append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form["values"].append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_values(html: str, *, containing: str) -> dict[str, list[str]]:
    """The values the first form of ``html`` with a field named ``containing`` would submit,
    as ``{name: [values]}`` (ready for ``client.post(url, data)``)."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        names = [name for name, _value in form["values"]]
        if containing in names:
            data: dict[str, list[str]] = {}
            for name, value in form["values"]:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"No form with a field named {containing!r} on the page.")
