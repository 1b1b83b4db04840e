"""Mail headers built from what people typed: a name or a plan's title never reaches a
header as written (a line break there would start a header of its own; a comma or an
angle bracket would add a recipient)."""

from email.utils import formataddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .people import display_name


def one_line(text):
    """`text` with every run of whitespace (line breaks included) made one space."""
    return " ".join(str(text).split())


def mailbox(user):
    """`"Name" <address>` for a user, the name quoted or encoded (RFC 2047) by
    email.utils.formataddr; None when the stored address is not a valid one."""
    address = (user.email or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        return None
    return formataddr((one_line(display_name(user)), address))
