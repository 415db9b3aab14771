from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from motebok.api.api import api
from motebok.audit import views as audit_views
from motebok.core import views as core_views
from motebok.core import views_oidc
from motebok.meetings import feeds
from motebok.meetings import views as meeting_views
from motebok.meetings import views_calendar as calendar_views
from motebok.orgs import views as org_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", views_oidc.LogoutView.as_view(), name="logout"),
    path("oidc/", include("motebok.core.urls_oidc")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", include("motebok.core.urls_health")),
    path("bodies/<slug:slug>/", org_views.body_detail, name="body_detail"),
    path("bodies/<slug:slug>/calendar.ics", calendar_views.body_calendar, name="body_calendar"),
    path("bodies/<slug:slug>/minutes.atom", feeds.BodyMinutesFeed(), name="body_minutes_feed"),
    path("cooperations/<slug:slug>/", org_views.cooperation_detail, name="cooperation_detail"),
    path(
        "cooperations/<slug:slug>/minutes.atom",
        feeds.CooperationMinutesFeed(),
        name="cooperation_minutes_feed",
    ),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/history/", audit_views.meeting_history, name="meeting_history"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("documents/<int:pk>/download/", meeting_views.document_download, name="document_download"),
    path("import/", include("motebok.meetings.urls_import")),
    path("plan/", include("motebok.meetings.urls_plan")),
    path("outbox/", include("motebok.core.urls_outbox")),
    path("meetings/<int:pk>/agenda/", include("motebok.meetings.urls_agenda")),
    path("meetings/<int:pk>/export/", include("motebok.meetings.urls_export")),
    path("meetings/<int:pk>/minutes/", include("motebok.meetings.urls_minutes")),
    path("tasks/", include("motebok.followup.urls")),
    path("calls/", include("motebok.calls.urls")),
    path("calendar/", include("motebok.meetings.urls_personal_calendar")),
    path("programme/", include("motebok.programme.urls")),
    path("", include("motebok.archive.urls")),
    path("api/", api.urls),
    path("", include("motebok.api.urls_opendata")),
    path("api-tokens/", include("motebok.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "motebok.core.views.error_400"
handler403 = "motebok.core.views.error_403"
handler404 = "motebok.core.views.error_404"
handler500 = "motebok.core.views.error_500"
