"""Settings, read from the environment (12-factor).

Every knob that differs between a laptop, CI and a county's server is an environment variable;
the defaults give the embedded set-up (SQLite in WAL mode, Huey on SQLite) under ``var/``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from renju.core.sqlite_wal import autocheckpoint_pages

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# Absolute, so the file cache and the queue do not depend on the directory a command runs in.
VAR_DIR = Path(os.environ.get("RENJU_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "renju.core",
    "renju.regions",
    "renju.accounts",
    "renju.households",
    "renju.cases",
    "renju.toilets",
    "renju.open311",
    "renju.indicators",
    "renju.plans",
    "renju.sewage",
    "renju.water",
    "renju.waste",
    "renju.cleaning",
    "renju.livestock",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "renju.core.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "renju.core.middleware.AuditContextMiddleware",
    "renju.core.middleware.VaryOnHtmxMiddleware",
]

ROOT_URLCONF = "renju.urls"
# Widgets render with the project's templates (core/widgets/), not only Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "renju.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "renju" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "renju.core.context_processors.renju",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'renju.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            # 0 under `renju serve`, which checkpoints from its own thread (core.sqlite_wal).
            f" PRAGMA wal_autocheckpoint={autocheckpoint_pages()};"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if env_bool("RENJU_TESTING") else 60


def planner_options(options: str, random_page_cost: str) -> str:
    """libpq's ``options`` with the planner's cost of a random page read added.

    PostgreSQL's default (4.0) models spinning disks; its manual suggests 1.1 for solid-state
    storage ("Planner Cost Constants", runtime-config-query). At 4.0 the planner walks the
    primary key for the largest county's household list, filtering out 356,378 rows (51 ms),
    instead of reading the list's ``(county, id)`` index (0.1 ms): bench/RESULTS.md.
    Empty leaves the server's own setting, for a pooler that refuses startup options
    (PgBouncer): then set it on the server (``ALTER DATABASE … SET random_page_cost = 1.1``).
    """
    if not random_page_cost.strip():
        return options
    try:
        cost = float(random_page_cost)
    except ValueError:
        cost = 0.0
    if not 0 < cost < float("inf"):  # also refuses NaN
        raise ImproperlyConfigured(
            f"RENJU_PG_RANDOM_PAGE_COST must be a positive number, not {random_page_cost!r}"
        )
    return f"{options} -c random_page_cost={cost}".strip()


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if _planner := planner_options(
        _options.get("options", ""), os.environ.get("RENJU_PG_RANDOM_PAGE_COST", "1.1")
    ):
        _options["options"] = _planner

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background work ----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("HUEY_NAME", "renju"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "renju",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Sessions live here too (SESSION_ENGINE below): room for a city's officials and
            # crews signed in at once before the cache starts culling (Django's default: 300).
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("RENJU_CACHE_MAX_ENTRIES", "20000"))},
        }
    }

# --- accounts and sessions ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["renju.accounts.backends.UserWithOrganisationBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "renju.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions are read from the cache (Redis with REDIS_URL, else the file cache under var/) and
# written through to the database, which answers when the cache has lost them: one query less
# on every signed-in request (0.15 ms on SQLite, 0.3 ms on PostgreSQL; bench/RESULTS.md).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A signed-in user's row, grants and service areas are kept in the cache between requests for at
# most this long; any write to them starts them again at once (accounts.backends).
RENJU_PRINCIPAL_CACHE_SECONDS = int(os.environ.get("RENJU_PRINCIPAL_CACHE_SECONDS", "600"))
SESSION_SAVE_EVERY_REQUEST = False
# Login throttling: this many failures per username or per client address within the window
# locks further attempts for the window (OWASP ASVS 2.2.1 asks for anti-automation; the figures
# are our choice, tunable here).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", "900"))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "50"))

# --- security (production defaults; HTTPS-only ones are switched on by RENJU_HTTPS) --------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("RENJU_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
RENJU_BEHIND_PROXY = env_bool("RENJU_BEHIND_PROXY")
if RENJU_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- i18n: Chinese first, English available --------------------------------------------------
LANGUAGE_CODE = "zh-hans"
# Our locale formats first (numbers grouped by thousands in Chinese too: renju/formats).
FORMAT_MODULE_PATH = ["renju.formats"]
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "renju" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploads ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "renju" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not env_bool("RENJU_TESTING")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads: spreadsheets up to this size are accepted (a 100,000-row household sheet is ~6 MB).
RENJU_MAX_UPLOAD_BYTES = int(os.environ.get("RENJU_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files at or above this many data rows are imported in the background with a progress bar.
RENJU_IMPORT_BACKGROUND_ROWS = int(os.environ.get("RENJU_IMPORT_BACKGROUND_ROWS", "2000"))

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "renju.core.api.pagination.RenjuPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "renju API",
    "DESCRIPTION": "人居: rural living-environment platform. Token auth: POST /api/v1/auth/token/.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every domain has its "kind"/"status" choices: name each set after its app, so the
    # schema's enum names are stable and never collide.
    "ENUM_NAME_OVERRIDES": {
        "AccountsDepartmentEnum": "renju.accounts.choices.Department",
        "AccountsOrganisationKindEnum": "renju.accounts.choices.OrganisationKind",
        "AccountsRoleEnum": "renju.accounts.choices.Role",
        "CasesEventKindEnum": "renju.cases.choices.EventKind",
        "CasesSourceEnum": "renju.cases.choices.Source",
        "CasesStateEnum": "renju.cases.choices.State",
        "CleaningCampaignKindEnum": "renju.cleaning.choices.CampaignKind",
        "CleaningCampaignResultEnum": "renju.cleaning.choices.CampaignResult",
        "CleaningContractModelEnum": "renju.cleaning.choices.ContractModel",
        "CleaningDocumentKindEnum": "renju.cleaning.choices.DocumentKind",
        "CleaningEmployerEnum": "renju.cleaning.choices.Employer",
        "CleaningFindingStatusEnum": "renju.cleaning.choices.FindingStatus",
        "CleaningItemKindEnum": "renju.cleaning.choices.ItemKind",
        "HouseholdsResidenceEnum": "renju.households.choices.Residence",
        "LivestockDisposalMethodEnum": "renju.livestock.choices.DisposalMethod",
        "LivestockFarmStatusEnum": "renju.livestock.choices.FarmStatus",
        "LivestockSpeciesEnum": "renju.livestock.choices.Species",
        "LivestockUtilisationMethodEnum": "renju.livestock.choices.UtilisationMethod",
        "PlansFundingSourceEnum": "renju.plans.choices.FundingSource",
        "PlansInnovationKindEnum": "renju.plans.choices.InnovationKind",
        "PlansPlanStatusEnum": "renju.plans.choices.PlanStatus",
        "PlansProjectDomainEnum": "renju.plans.choices.ProjectDomain",
        "PlansProjectStatusEnum": "renju.plans.choices.ProjectStatus",
        "PlansResponsibilityRoleEnum": "renju.plans.choices.ResponsibilityRole",
        "RegionsChangeKindEnum": "renju.regions.choices.ChangeKind",
        "RegionsKindEnum": "renju.regions.choices.Kind",
        "RegionsLocationClassEnum": "renju.regions.choices.LocationClass",
        "SewageDischargeLevelEnum": "renju.sewage.choices.DischargeLevel",
        "SewageFacilityKindEnum": "renju.sewage.choices.FacilityKind",
        "SewageFaultKindEnum": "renju.sewage.choices.FaultKind",
        "SewageInspectionResultEnum": "renju.sewage.choices.InspectionResult",
        "SewageModeEnum": "renju.sewage.choices.Mode",
        "SewageParameterEnum": "renju.sewage.choices.Parameter",
        "SewagePointStateEnum": "renju.sewage.choices.PointState",
        "SewageRunningStateEnum": "renju.sewage.choices.RunningState",
        "ToiletsConditionEnum": "renju.toilets.choices.Condition",
        "ToiletsSludgeDestinationEnum": "renju.toilets.choices.SludgeDestination",
        "ToiletsToiletTypeEnum": "renju.toilets.choices.ToiletType",
        "WasteFacilityStatusEnum": "renju.waste.choices.FacilityStatus",
        "WasteHarmlessBasisEnum": "renju.waste.choices.HarmlessBasis",
        "WasteMaterialEnum": "renju.waste.choices.Material",
        "WasteOrganicKindEnum": "renju.waste.choices.OrganicKind",
        "WastePlantKindEnum": "renju.waste.choices.PlantKind",
        "WasteSiteStateEnum": "renju.waste.choices.SiteState",
        "WasteVehicleKindEnum": "renju.waste.choices.VehicleKind",
        "WaterBodyKindEnum": "renju.water.choices.BodyKind",
        "WaterBodyStateEnum": "renju.water.choices.BodyState",
        "WaterComparisonEnum": "renju.water.choices.Comparison",
        "WaterGradeEnum": "renju.water.choices.Grade",
        "WaterMeasureEnum": "renju.water.choices.Measure",
        "WaterParameterEnum": "renju.water.choices.Parameter",
        "WaterSetKindEnum": "renju.water.choices.SetKind",
    },
}

# --- cases ---------------------------------------------------------------------------------
RENJU_NOTIFICATION_BACKENDS = [
    "renju.cases.notify.database_backend",
    "renju.cases.notify.log_backend",
]
# Photos: accepted types and the largest size (a phone photo is 2–6 MB).
RENJU_PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
RENJU_MAX_PHOTO_BYTES = int(os.environ.get("RENJU_MAX_PHOTO_BYTES", str(10 * 1024 * 1024)))
# Villagers' reports by QR code (/t/<code>/report): at most this many per toilet code and per
# client address in an hour, beyond which a 429 page asks them to wait (0 = no limit). A whole
# village can reach us through one carrier NAT address, hence the higher per-address figure; our
# choice, tunable here (raise both for load tests from one machine).
RENJU_REPORT_LIMIT_PER_CODE = int(os.environ.get("RENJU_REPORT_LIMIT_PER_CODE", "10"))
RENJU_REPORT_LIMIT_PER_CLIENT = int(os.environ.get("RENJU_REPORT_LIMIT_PER_CLIENT", "30"))

# --- map ---------------------------------------------------------------------------------
# A tile URL template (e.g. 天地图 with a key); empty means vector-only maps (works offline).
RENJU_MAP_TILE_URL = os.environ.get("RENJU_MAP_TILE_URL", "")
RENJU_MAP_TILE_ATTRIBUTION = os.environ.get("RENJU_MAP_TILE_ATTRIBUTION", "")
# The address printed in toilet QR codes (e.g. https://renju.example.gov.cn); empty means the
# scheme and host of the request that makes the labels.
RENJU_PUBLIC_BASE_URL = os.environ.get("RENJU_PUBLIC_BASE_URL", "").rstrip("/")
# The region the demo and the home page start from.
RENJU_ROOT_REGION = os.environ.get("RENJU_ROOT_REGION", "3715")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- tests -------------------------------------------------------------------------------------
if env_bool("RENJU_TESTING"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY["immediate"] = True
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MEDIA_ROOT = VAR_DIR / "test-media"
