from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from platforms.models import Platform
from projects.models import Project

from .models import Indicator


@login_required
def home(request):
    context = {
        "indicators": Indicator.objects.all(),
        "platform_count": Platform.objects.count(),
        "project_count": Project.objects.count(),
    }
    return render(request, "indicators/home.html", context)
