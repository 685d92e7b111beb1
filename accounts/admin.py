from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from accounts import invites
from accounts.models import SessionRecord, SignupInvitation, SignupSettings, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "display_name", "time_zone", "is_staff", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {"fields": ["display_name", "pronouns", "time_zone", "evening_time", "language"]},
        ),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "usable_password", "password1", "password2"],
            },
        ),
    ]


@admin.register(SessionRecord)
class SessionRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "ip_prefix", "created_at", "last_seen"]
    fields = ["user", "user_agent", "ip_prefix", "created_at", "last_seen"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SignupSettings)
class SignupSettingsAdmin(admin.ModelAdmin):
    """The one row: the host's sign-up policy, winning over DUET_SIGNUP when set."""

    list_display = ["__str__", "policy", "in_force"]
    fields = ["policy", "in_force"]
    readonly_fields = ["in_force"]

    @admin.display(description="in force now")
    def in_force(self, obj=None):
        return invites.policy()

    def has_add_permission(self, request):
        return not SignupSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class SignupInvitationForm(forms.ModelForm):
    days = forms.IntegerField(
        min_value=1, max_value=365, initial=7, help_text="How many days the link works."
    )

    class Meta:
        model = SignupInvitation
        fields = ["email"]


@admin.register(SignupInvitation)
class SignupInvitationAdmin(admin.ModelAdmin):
    """One-time sign-up links (accounts/invites.py): the link is shown once, when made."""

    form = SignupInvitationForm
    fields = ["email", "days"]
    list_display = ["__str__", "email", "created_at", "expires_at", "used_at"]
    actions = ["withdraw"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["days"].initial = settings.SIGNUP_INVITE_DAYS
        return form

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        obj.created_by, obj.created_at = request.user, now
        obj.expires_at = now + timedelta(days=form.cleaned_data["days"])
        obj.new_token = invites.seal(obj)  # on the row: the admin is shared by requests
        obj.save()

    def response_add(self, request, obj, post_url_continue=None):
        # The token exists only now: show the link this once, and keep it out of caches.
        response = TemplateResponse(
            request,
            "admin/accounts/signupinvitation/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "invitation": obj,
                "link": invites.invitation_link(obj.new_token),
                "title": "Sign-up invitation made",
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description="Withdraw the selected invitations")
    def withdraw(self, request, queryset):
        withdrawn = sum(invites.revoke(invitation) for invitation in queryset)
        self.message_user(request, f"{withdrawn} invitation(s) withdrawn.")
