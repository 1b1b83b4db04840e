"""Settings for the 双创示范基地 dashboard, read from the environment.

With nothing set it runs in development mode (DEBUG, SQLite file next to manage.py).
`DJANGO_ENV=production` turns on the deployment hardening and refuses to start
without a real `DJANGO_SECRET_KEY`.
"""

import ipaddress
import re
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real deployments set variables directly

ENVIRONMENT = env.str("DJANGO_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"

# Only for local development and tests: production refuses it below.
DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
        "when DJANGO_ENV=production."
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    # The project's apps, lowest layer first (docs/architecture.md).
    "core",
    "plans",
    "indicators",
    "platforms",
    "projects",
    "work",
    "dashboard",
    "audit",
    "annexes",
    "planning",
    "backups",
    "reporting",
    "notices",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.SerialSQLiteWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notices.context_processors.notice_counts",  # the menu's counts
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Each app-server thread keeps its connection between requests (a new PostgreSQL
# connection costs more than most pages); it is checked before reuse after an error.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock (core/middleware.py) rather than fail at once; WAL lets
    # readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, init_command="PRAGMA journal_mode=WAL"
    )
# Rendered page bodies (core/pagecache.py). Each request checks the database for
# changes, so a per-process memory cache is correct for several gunicorn workers; with
# CACHE_URL (Redis) app servers share one cache, and with it the login-failure counters
# and the sessions, so they hold no state of their own (README, "Several app servers").
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "shuangchuang",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out user is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "core.backends.RolePermissionBackend",  # ModelBackend with one query for permissions
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: the 6th wrong password in a row for a user is refused for a while.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"  # in Chinese, instead of axes' English
AXES_VERBOSE = False
# How many reverse proxies that append to X-Forwarded-For stand in front of the app
# (README, "Deploying"): 0 counts failures by REMOTE_ADDR; 1 behind one nginx, so five
# wrong passwords lock the user for that client only, not for everyone behind nginx.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# The addresses (or CIDR networks) those proxies connect from. X-Forwarded-For is read only
# from a request whose REMOTE_ADDR is one of them: a client that reaches an app server
# directly cannot choose its own lockout key. Loopback by default (nginx on the same host).
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=["127.0.0.0/8", "::1"])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from _error
AXES_CLIENT_IP_CALLABLE = "core.accounts.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# plotly.js comes from npm (package.json), never from a CDN and never committed.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/plotly", BASE_DIR / "node_modules" / "plotly.js-basic-dist-min"),
    ("vendor/plotly-locales", BASE_DIR / "node_modules" / "plotly.js-locales"),
]
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "DJANGO_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Content-Security-Policy on every response (django-csp): scripts only from our own
# static files (the one inline script, ReDoc's start-up, carries a nonce); styles may be
# inline because plotly.js, Swagger UI and ReDoc add style elements at run time; images
# as data:/blob: URLs are plotly's PNG export; nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The public site (/public/, public/): the licence stated with every open-data download;
# how long a shared proxy or browser may keep a public page; each client address may ask
# for PUBLIC_RATE_LIMIT public pages per PUBLIC_RATE_WINDOW seconds (then 429).
PUBLIC_DATA_LICENCE = env.str(
    "DJANGO_PUBLIC_DATA_LICENCE",
    default=(
        "本数据由乌鲁木齐高新区（新市区）双创示范基地公开发布，"
        "可免费使用、转载和再加工，使用时请注明出处。"
    ),
)
PUBLIC_CACHE_SECONDS = env.int("DJANGO_PUBLIC_CACHE_SECONDS", default=300)
PUBLIC_RATE_LIMIT = env.int("DJANGO_PUBLIC_RATE_LIMIT", default=300)
PUBLIC_RATE_WINDOW = env.int("DJANGO_PUBLIC_RATE_WINDOW", default=60)
# The sites that may frame an indicator's embeddable chart (/public/…/embed/), e.g.
# "https://www.example.gov.cn"; empty (the default): none, the page is framed by no one,
# like every other page (frame-ancestors 'none', X-Frame-Options DENY).
PUBLIC_EMBED_FRAME_ANCESTORS = env.list("DJANGO_PUBLIC_EMBED_FRAME_ANCESTORS", default=[])
for _origin in PUBLIC_EMBED_FRAME_ANCESTORS:
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?", _origin):
        raise ImproperlyConfigured(
            f"DJANGO_PUBLIC_EMBED_FRAME_ANCESTORS: {_origin!r} is not an origin "
            "(scheme://host[:port], e.g. https://www.example.gov.cn)"
        )

# Evidence files (reporting app) go through Django's storage API: the filesystem here,
# any other backend (an S3-compatible store) by changing STORAGES["default"].
MEDIA_URL = "media/"  # never served as static: downloads go through a view that checks the role
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# At most this many MB of evidence per reporting year (each file at most 10 MB): a
# bound on the disk, the backups and what a stolen manager session can fill.
EVIDENCE_YEAR_QUOTA_MB = env.int("DJANGO_EVIDENCE_YEAR_QUOTA_MB", default=200)

# Mail (notices/mail.py when a step of the cycle is taken, reporting/reminders.py for due
# dates): printed to the console unless EMAIL_URL names an SMTP server (README,
# "Settings"); DJANGO_DEFAULT_FROM_EMAIL is the sender.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="shuangchuang@localhost")
# The address people open the site at, for links in e-mails.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000")

# Uploads (Excel import) are small; anything bigger is refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SIMPLE_HISTORY_REVERT_DISABLED = True  # an audit trail is read, never rolled back

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes DRF answer 401 (not 403) when
    # credentials are missing or wrong.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": ["core.api_parsers.JSONBodyParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "双创示范基地指标 API",
    "DESCRIPTION": (
        "乌鲁木齐高新区（新市区）双创示范基地 2021–2023 年建设规划的指标、平台与项目数据。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies get their own components, without the read-only fields.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",  # tags and operation ids by resource
    # Different choice sets are called `status` (and `kind`): name each once.
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": "indicators.progress.Status",
        "ProjectStatusEnum": "projects.models.ProjectStatus",
        "WorkStatusEnum": "work.models.WorkStatus",
        "WorkKindEnum": "work.models.WorkKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api_schema.forbid_unknown_request_fields",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

if PRODUCTION:
    # Behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
