"""The inbox (/notices/): a person's own notices, read and unread, each linking straight
to the place it is about. Login only: every role (and a user in none) has an inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.paging import page_of

from . import services
from .models import Notice

NOTICES_PER_PAGE = 30


@login_required
def inbox(request):
    notices = Notice.objects.visible_to(request.user)
    unread_only = request.GET.get("show") == "unread"
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    page, others = page_of(notices, request.GET, NOTICES_PER_PAGE)
    context = {"page": page, "others": others, "unread_only": unread_only}
    return render(request, "notices/inbox.html", context)


def _back(request):
    """Back to the inbox, to the list the person was looking at."""
    unread_only = request.POST.get("show") == "unread"
    return redirect(reverse("notices:inbox") + ("?show=unread" if unread_only else ""))


@login_required
@require_POST
def mark_read(request, pk):
    # Someone else's notice is not found, as if it did not exist.
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    services.notice_mark_read(notice)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.notices_mark_all_read(request.user)
    messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": count})
    return _back(request)
