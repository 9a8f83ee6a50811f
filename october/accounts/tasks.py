"""Reader-account mail the task worker builds as it sends it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from october.core.mail import retry_later


@task()
def send_password_reset(
    *,
    user_id: int,
    email: str,
    domain: str,
    site_name: str,
    protocol: str,
    language: str,
    subject_template_name: str,
    email_template_name: str,
    attempt: int = 1,
) -> None:
    """Mail the link that resets ``user_id``'s password.

    The link is made here, as it is sent, so the task table never holds one;
    nothing is sent if the account has since closed or changed its address.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or user.email != email:
        return
    context = {
        "email": email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(subject_template_name, context).split())
        body = render_to_string(email_template_name, context)
    try:
        send_mail(subject, body, None, [email])
    except Exception:
        retry_later(
            send_password_reset,
            user_id=user_id,
            email=email,
            domain=domain,
            site_name=site_name,
            protocol=protocol,
            language=language,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            attempt=attempt,
        )
        raise
