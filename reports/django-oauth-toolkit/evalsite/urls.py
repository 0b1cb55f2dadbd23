from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from oauth2_provider import urls as oauth2_urls

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Token endpoints etc. under /o/ (DOT's documented layout) ...
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    # ... and RFC 8414 metadata at the origin root, as DOT's docs recommend.
    path("", include((oauth2_urls.metadata_urlpatterns, "oauth2_metadata"))),
    path("", lambda r: HttpResponse("django-oauth-toolkit target of the oauth2spec reports\n", content_type="text/plain")),
]
