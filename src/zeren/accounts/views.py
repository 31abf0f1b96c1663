"""Login and logout. Throttling is django-axes' job (settings.AXES_*, zeren.accounts.throttle)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from zeren.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET)."""
