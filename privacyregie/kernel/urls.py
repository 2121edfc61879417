app_name = "kernel"

urlpatterns = []
