"""The survey page open without signing in: /s/<token>/.

Unknown, draft and closed tokens get the same 404. No session, no account, no address and no
time are stored (the rate limit keeps an HMAC of the address in the cache only: throttle.py).
Spam protection stores nothing: a honeypot field and a signed render token (tokens.py)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import selectors, services, tokens
from .forms import ResponseForm
from .throttle import AnonymousRateLimit

#: Generous: a whole town hall may answer from one shared address within minutes.
SUBMIT_LIMIT = AnonymousRateLimit("surveys.submit", limit=120, window_seconds=600)
PAGE_LIMIT = AnonymousRateLimit("surveys.page", limit=600, window_seconds=600)


def _private(response):
    response["Cache-Control"] = "no-store"
    # The link's key stays out of other sites' logs. (Not "no-referrer": browsers then send
    # "Origin: null" with the form, which the CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


def too_many(request):
    response = render(request, "surveys/public_limited.html", status=429)
    response["Retry-After"] = "600"
    return _private(response)


class AnswerView(View):
    template_name = "surveys/public_answer.html"

    def dispatch(self, request, *args, **kwargs):
        limit = SUBMIT_LIMIT if request.method == "POST" else PAGE_LIMIT
        if not limit.hit(request):
            return too_many(request)
        self.survey = selectors.survey_for_token(kwargs["token"])
        self.items = list(selectors.items_of(self.survey))
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, status=200, problem=""):
        context = {
            "survey": self.survey,
            "form": form,
            "problem": problem,
            "render_token": tokens.render_token(self.survey.token),
        }
        return _private(render(self.request, self.template_name, context, status=status))

    def get(self, request, token):
        return self.render_form(self.new_form())

    def new_form(self, data=None):
        return ResponseForm(data, survey=self.survey, items=self.items)

    def post(self, request, token):
        form = self.new_form(request.POST)
        if request.POST.get("website"):
            # A bot filled the hidden field: answer as if it worked, store nothing.
            return redirect("surveys_public:thanks", token=token)
        if not tokens.render_token_valid(request.POST.get("rt", ""), self.survey.token):
            return self.render_form(
                form,
                status=400,
                problem=_(
                    "We could not accept this form: it was sent too quickly, or the page was "
                    "open for more than a day. Check your answers and send it again."
                ),
            )
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            services.response_submit(
                survey=self.survey,
                answers=form.answers(),
                department=form.department(),
                code=form.cleaned_data.get("code", ""),
                link_word=form.cleaned_data.get("link_word", ""),
            )
        except services.SubmissionRefused as exc:
            field = "code" if "code" in form.fields and self.survey.require_code else None
            form.add_error(field, exc.messages[0])
            return self.render_form(form, status=400)
        return redirect("surveys_public:thanks", token=token)


class ThanksView(View):
    def get(self, request, token):
        if not PAGE_LIMIT.hit(request):
            return too_many(request)
        survey = selectors.survey_for_token(token)
        return _private(render(request, "surveys/public_thanks.html", {"survey": survey}))
