"""Staff pages of problem toilets, retrofits and company supervision (under /toilets/)."""

from django.urls import path

from . import problem_views, retrofit_views, supervision_views

urlpatterns = [
    path("problems/", problem_views.problem_list, name="problems"),
    path("problems/survey/", problem_views.run_survey, name="problem-survey"),
    path("problems/record/", problem_views.record_survey, name="problem-record"),
    path("problems/<int:pk>/verify/", problem_views.verify, name="problem-verify"),
    path("retrofits/", retrofit_views.retrofit_list, name="retrofits"),
    path("retrofits/apply/", retrofit_views.retrofit_apply, name="retrofit-apply"),
    path("retrofits/<int:pk>/<slug:step>/", retrofit_views.retrofit_step, name="retrofit-step"),
    path("supervision/", supervision_views.supervision_page, name="supervision"),
]
