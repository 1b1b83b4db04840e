app_name = "platforms"
urlpatterns = []
