"""Container images as data: reference parsing, pull policy, and the catalogue of known images.

Parsing follows ``github.com/distribution/reference`` (``ParseNormalizedNamed``, as vendored by
Kubernetes v1.32) and the kubelet's wrapping of its errors (``pkg/util/parsers``,
``pkg/kubelet/images/image_manager.go``), so a bad ``image:`` field gets the same
``InvalidImageName`` text as on a real node. Pull failures read like containerd's CRI errors
(reference sheet §1.2, §2).

The catalogue lists public images students meet in tutorials. Sizes are APPROXIMATE compressed
linux/amd64 sizes taken from public registry listings (Docker Hub, registry.k8s.io, gcr.io,
ghcr.io) around early 2025; they only drive pull times and the ``Image size`` in ``Pulled``
events. Each repository says what its executables do (:class:`Program`): serve HTTP or TCP on
which ports, print which start-up lines, exit with which code, need which environment, use how
much memory. ``runtime.py`` interprets these records; nothing here runs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Collection, Mapping
from urllib.parse import quote

# --- reference grammar (distribution/reference regexp.go) -----------------------------------

_ALNUM = r"[a-z0-9]+"
_SEP = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = _ALNUM + r"(?:" + _SEP + _ALNUM + r")*"
_REMOTE = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = r"(?:" + _DOMAIN_COMPONENT + r"(?:\." + _DOMAIN_COMPONENT + r")*|\[(?:[a-fA-F0-9:]+)\])"
_DOMAIN = _HOST + r"(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
_NAME = r"(?:" + _DOMAIN + r"/)?" + _REMOTE
_REFERENCE_RE = re.compile(r"^(" + _NAME + r")(?::(" + _TAG + r"))?(?:@(" + _DIGEST + r"))?$", re.ASCII)
_NAME_RE = re.compile(r"^(?:(" + _DOMAIN + r")/)?(" + _REMOTE + r")$", re.ASCII)
_IDENTIFIER_RE = re.compile(r"^[a-f0-9]{64}$")
_DIGEST_SIZES = {"sha256": 64, "sha384": 96, "sha512": 128}  # go-digest's registered algorithms

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_PREFIX = "library/"
DEFAULT_TAG = "latest"
PATH_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
DEFAULT_PATH = ":".join(PATH_DIRS)


class InvalidImageName(ValueError):
    """The ``image`` field cannot be parsed; the kubelet reports reason ``InvalidImageName``."""

    reason = "InvalidImageName"

    def __init__(self, image: str, detail: str):
        self.image = image
        self.detail = detail
        self.message = f'Failed to apply default image tag "{image}": couldn\'t parse image name "{image}": {detail}'
        super().__init__(self.message)


class PullError(RuntimeError):
    """The registry refused the pull; the kubelet reports ``ErrImagePull`` with this message."""

    reason = "ErrImagePull"

    def __init__(self, message: str, kind: str):
        self.message = message
        self.kind = kind  # "not-found" | "unauthorized" | "no-such-host" | "connection-refused"
        super().__init__(message)


@dataclass(frozen=True)
class ImageRef:
    """A parsed reference: ``docker.io`` / ``library/nginx`` / ``1.27`` / ``sha256:...``."""

    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def name(self) -> str:
        return f"{self.domain}/{self.path}"

    @property
    def canonical(self) -> str:
        """What containerd pulls: the tag defaults to ``latest``; a digest wins over a tag."""
        if self.digest:
            return f"{self.name}@{self.digest}"
        return f"{self.name}:{self.tag or DEFAULT_TAG}"

    @property
    def familiar(self) -> str:
        """The short form shown by docker: ``nginx:1.27``, ``bitnami/redis:7.2``."""
        name = self.name
        if self.domain == DEFAULT_DOMAIN:
            name = self.path[len(OFFICIAL_PREFIX) :] if self.path.startswith(OFFICIAL_PREFIX) else self.path
        return name + (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")


def _split_docker_domain(name: str) -> tuple[str, str]:
    first, sep, rest = name.partition("/")
    if not sep:
        return DEFAULT_DOMAIN, OFFICIAL_PREFIX + name
    if first == "localhost":
        domain, remote = first, rest
    elif first == LEGACY_DEFAULT_DOMAIN:
        domain, remote = DEFAULT_DOMAIN, rest
    elif "." in first or ":" in first or first.lower() != first:
        domain, remote = first, rest  # a host name, an address, or (uppercase) assumed to be a domain
    else:
        domain, remote = DEFAULT_DOMAIN, name
    if domain == DEFAULT_DOMAIN and "/" not in remote:
        remote = OFFICIAL_PREFIX + remote
    return domain, remote


def _digest_error(digest: str) -> str | None:
    algorithm, _, encoded = digest.partition(":")
    size = _DIGEST_SIZES.get(algorithm)
    if size is None:
        return "unsupported digest algorithm"
    if len(encoded) != size:
        return "invalid checksum digest length"
    if not re.fullmatch(r"[a-f0-9]+", encoded):
        return "invalid checksum digest format"
    return None


def parse_image(image: str) -> ImageRef:
    """Parse like the kubelet does (``ParseNormalizedNamed``); raise :class:`InvalidImageName`."""
    if not isinstance(image, str):
        raise InvalidImageName(str(image), "invalid reference format")
    if _IDENTIFIER_RE.match(image):
        raise InvalidImageName(image, f"invalid repository name ({image}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = _split_docker_domain(image)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise InvalidImageName(image, f"invalid reference format: repository name ({remote}) must be lowercase")
    full = f"{domain}/{remainder}"
    match = _REFERENCE_RE.match(full)
    if match is None:
        if image == "":
            raise InvalidImageName(image, "repository name must have at least one component")
        if _REFERENCE_RE.match(full.lower()):
            raise InvalidImageName(image, "repository name must be lowercase")
        raise InvalidImageName(image, "invalid reference format")
    name, tag, digest = match.groups()
    parts = _NAME_RE.match(name)
    assert parts is not None  # the reference regexp already matched the name
    path = parts.group(2)
    if len(path) > 255:
        raise InvalidImageName(image, "repository name must not be more than 255 characters")
    if digest and (problem := _digest_error(digest)):
        raise InvalidImageName(image, problem)
    return ImageRef(domain=parts.group(1) or "", path=path, tag=tag, digest=digest)


def default_pull_policy(image: str) -> str:
    """Reference sheet §12: ``Always`` for ``:latest`` or no tag and no digest, else ``IfNotPresent``."""
    try:
        ref = parse_image(image)
    except InvalidImageName:
        ref = None
    if ref is None:  # the API server defaults before the kubelet parses; fall back to its string test
        last = image.rsplit("/", 1)[-1]
        if "@" in image:
            return "IfNotPresent"
        return "Always" if ":" not in last or last.rsplit(":", 1)[1] == DEFAULT_TAG else "IfNotPresent"
    if ref.digest:
        return "IfNotPresent"
    return "Always" if ref.tag in (None, DEFAULT_TAG) else "IfNotPresent"


# --- catalogue records -----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One HTTP answer: ``path`` exact, or a prefix when it ends with ``*``.

    ``status=None`` takes the status from the rest of the path (httpbin's ``/status/500``).
    ``after``/``before`` limit the route to a window of seconds since the container started.
    Bodies may use ``{hostname}``, ``{pod_ip}``, ``{path}``, ``{port}``, ``{version}``, ``{text}``.
    """

    path: str
    status: int | None = 200
    body: str = ""
    after: float | None = None
    before: float | None = None


@dataclass(frozen=True)
class Program:
    """What one executable of an image does when it is the container's process.

    kind: ``server`` (listens, runs until stopped), ``exit`` (prints ``logs`` and exits with
    ``exit_code``), ``entrypoint`` (a wrapper script that prints ``logs`` and then runs its
    arguments, like ``docker-entrypoint.sh``), ``repl`` (an interpreter that, with no TTY and
    no input, exits 0 at once). ``logs`` are ``(seconds after start, stream, line)``; lines may
    contain ``{now:STRFTIME}`` (virtual wall time, ``%L`` = milliseconds), ``{version}``,
    ``{hostname}``, ``{pod_ip}``, ``{port}``. ``sigterm`` is the exit code after SIGTERM, or
    ``None`` when the process ignores it (PID 1 without a handler) and is SIGKILLed (137) at the
    end of the grace period. ``requires_env``: at least one group of variables must all be set,
    else ``missing_env_logs`` are printed and the process exits 1. ``hook`` names a function in
    ``runtime.py`` that reads arguments, environment and mounted files (ports, texts, docroots).
    """

    kind: str
    ports: tuple[int, ...] = ()
    http: bool = True
    routes: tuple[Route, ...] = ()
    not_found: tuple[int, str] = (404, "404 page not found\n")
    logs: tuple[tuple[float, str, str], ...] = ()
    ready_after: float = 0.2
    exit_code: int = 0
    memory_mib: int = 1
    sigterm: int | None = 0
    requires_env: tuple[tuple[str, ...], ...] = ()
    missing_env_logs: tuple[tuple[str, str], ...] = ()
    prepend_if_flag: str | None = None  # entrypoint: run this program when the first argument is a flag
    prepend_if_not_command: bool = False  # ... or when it is not a command (node, curl: `args: [server.js]`)
    announce_for: tuple[str, ...] = ()  # entrypoint: print ``logs`` only when the first argument is one of these
    hook: str | None = None
    docroot: str | None = None


@dataclass(frozen=True)
class Base:
    """The operating-system layer: which shell ``/bin/sh`` is and which utilities exist."""

    shell: str | None  # "ash" (busybox), "dash" (Debian), "bash"; None = no shell at all
    bins: frozenset[str]


@dataclass(frozen=True)
class Tag:
    size: int  # approximate compressed bytes, linux/amd64
    version: str  # the software version the image prints
    base: str = "debian"


@dataclass(frozen=True)
class Repository:
    name: str  # canonical: docker.io/library/nginx
    tags: Mapping[str, Tag]
    summary: str = ""
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    exposed: tuple[int, ...] = ()
    extra_bins: frozenset[str] = frozenset()
    programs: Mapping[str, Program] = field(default_factory=dict)
    private: bool = False


_BUSYBOX_APPLETS = frozenset(
    "sh ash echo sleep cat env printenv date hostname nslookup wget true false touch rm ls mkdir ps printf test [ "
    "seq yes tail head grep id whoami uname nc ping top kill timeout pwd cp mv chmod wc sort tee sed awk vi".split()
)
_COREUTILS = frozenset(
    "sh echo sleep cat env printenv date hostname true false touch rm ls mkdir ps printf test [ seq yes tail head "
    "grep id whoami uname kill timeout pwd cp mv chmod wc sort tee sed awk".split()
)

BASES: dict[str, Base] = {
    "busybox": Base("ash", _BUSYBOX_APPLETS),
    "alpine": Base("ash", _BUSYBOX_APPLETS),
    "debian": Base("dash", _COREUTILS | {"bash", "dash"}),
    "ubuntu": Base("dash", _COREUTILS | {"bash", "dash"}),
    "oraclelinux": Base("bash", _COREUTILS | {"bash"}),  # mysql images: /bin/sh is bash
    "scratch": Base(None, frozenset()),  # static Go binaries: no shell, no utilities
    "distroless": Base(None, frozenset()),
}

# --- texts the images serve and print --------------------------------------------------------

NGINX_WELCOME = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

NGINX_404 = """<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/{version}</center>
</body>
</html>
"""

_NGINX_ENTRY = tuple(
    (0.0, "out", line)
    for line in (
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
    )
)
_NGINX_TS = "{now:%Y/%m/%d %H:%M:%S} [notice] 1#1: "
_NGINX_START = tuple(
    (0.05, "err", _NGINX_TS + text)
    for text in (
        'using the "epoll" event method',
        "nginx/{version}",
        "built by gcc 12.2.0 (Debian 12.2.0-14) ",
        "OS: Linux 6.8.0-51-generic",
        "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        "start worker processes",
        "start worker process 29",
        "start worker process 30",
    )
)

_NGINX_PROGRAMS = {
    "/docker-entrypoint.sh": Program(kind="entrypoint", logs=_NGINX_ENTRY, announce_for=("nginx", "nginx-debug")),
    "nginx": Program(
        kind="server",
        ports=(80,),
        routes=(Route("/", 200, NGINX_WELCOME), Route("/index.html", 200, NGINX_WELCOME)),
        not_found=(404, NGINX_404),
        logs=_NGINX_START,
        ready_after=0.1,
        memory_mib=10,
        sigterm=0,  # STOPSIGNAL SIGQUIT: graceful shutdown, exit 0
        hook="nginx",
        docroot="/usr/share/nginx/html",
    ),
}

_PG_MISSING = tuple(
    ("err", line)
    for line in (
        "Error: Database is uninitialized and superuser password is not specified.",
        "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
        "",
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
        "       connections without a password. This is *not* recommended.",
        "",
        '       See PostgreSQL documentation about "trust":',
        "       https://www.postgresql.org/docs/current/auth-trust.html",
    )
)
_PG_TS = "{now:%Y-%m-%d %H:%M:%S.%L} UTC [1] LOG:  "
_PG_LOGS = (
    (0.0, "out", 'The files belonging to this database system will be owned by user "postgres".'),
    (0.0, "out", "This user must also own the server process."),
    (0.0, "out", ""),
    (2.0, "out", "PostgreSQL init process complete; ready for start up."),
    (2.0, "out", ""),
    (2.5, "err", _PG_TS + "starting PostgreSQL {version} on x86_64-pc-linux-gnu, compiled by gcc, 64-bit"),
    (2.5, "err", _PG_TS + 'listening on IPv4 address "0.0.0.0", port 5432'),
    (2.5, "err", _PG_TS + 'listening on IPv6 address "::", port 5432'),
    (2.5, "err", _PG_TS + 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
    (2.6, "err", _PG_TS + "database system is ready to accept connections"),
)

_MYSQL_TS = "{now:%Y-%m-%d %H:%M:%S}+00:00 [Note] [Entrypoint]: "
_MYSQL_ENTRY = (
    ("out", _MYSQL_TS + "Entrypoint script for MySQL Server {version} started."),
    ("out", _MYSQL_TS + "Switching to dedicated user 'mysql'"),
    ("out", _MYSQL_TS + "Entrypoint script for MySQL Server {version} started."),
)
_MYSQL_MISSING = _MYSQL_ENTRY + (
    (
        "err",
        "{now:%Y-%m-%d %H:%M:%S}+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
    ),
    ("err", "    You need to specify one of the following as an environment variable:"),
    ("err", "    - MYSQL_ROOT_PASSWORD"),
    ("err", "    - MYSQL_ALLOW_EMPTY_PASSWORD"),
    ("err", "    - MYSQL_RANDOM_ROOT_PASSWORD"),
)
_MYSQL_LOGS = tuple((0.0, s, t) for s, t in _MYSQL_ENTRY) + (
    (0.5, "out", _MYSQL_TS + "Initializing database files"),
    (8.0, "out", _MYSQL_TS + "Database files initialized"),
    (12.0, "out", _MYSQL_TS + "MySQL init process done. Ready for start up."),
    (
        14.0,
        "err",
        "{now:%Y-%m-%dT%H:%M:%S.%L}000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. "
        "Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
    ),
)

_REDIS_TS = "1:M {now:%d %b %Y %H:%M:%S.%L} "
_REDIS_LOGS = (
    (0.0, "out", "1:C {now:%d %b %Y %H:%M:%S.%L} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
    (
        0.0,
        "out",
        "1:C {now:%d %b %Y %H:%M:%S.%L} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started",
    ),
    (
        0.0,
        "out",
        "1:C {now:%d %b %Y %H:%M:%S.%L} # Warning: no config file specified, using the default config. "
        "In order to specify a config file use redis-server /path/to/redis.conf",
    ),
    (0.01, "out", _REDIS_TS + "* monotonic clock: POSIX clock_gettime"),
    (0.01, "out", _REDIS_TS + "* Running mode=standalone, port={port}."),
    (0.02, "out", _REDIS_TS + "* Server initialized"),
    (0.02, "out", _REDIS_TS + "* Ready to accept connections tcp"),
)

_HTTPD_LOGS = (
    (
        0.0,
        "err",
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {pod_ip}. "
        "Set the 'ServerName' directive globally to suppress this message",
    ),
    (
        0.0,
        "err",
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {pod_ip}. "
        "Set the 'ServerName' directive globally to suppress this message",
    ),
    (
        0.05,
        "err",
        "[{now:%a %b %d %H:%M:%S.%L000 %Y}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{version} (Unix) "
        "configured -- resuming normal operations",
    ),
    (
        0.05,
        "err",
        "[{now:%a %b %d %H:%M:%S.%L000 %Y}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
    ),
)
HTTPD_404 = """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
"""

_GO_TS = "{now:%Y/%m/%d %H:%M:%S} "
_GO_404 = (404, "404 page not found\n")

HELLO_APP_BODY = "Hello, world!\nVersion: {version}\nHostname: {hostname}\n"
WHOAMI_BODY = "Hostname: {hostname}\nIP: 127.0.0.1\nIP: ::1\nIP: {pod_ip}\nGET {path} HTTP/1.1\nHost: {pod_ip}:{port}\n"
NGINXDEMOS_TEXT = "Server address: {pod_ip}:80\nServer name: {hostname}\nURI: {path}\n"
NGINXDEMOS_HTML = (
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Hello World</title>\n</head>\n<body>\n"
    "<p><span>Server&nbsp;address:</span> <span>{pod_ip}:80</span></p>\n"
    "<p><span>Server&nbsp;name:</span> <span>{hostname}</span></p>\n"
    "<p><span>URI:</span> <span>{path}</span></p>\n</body>\n</html>\n"
)
PODINFO_BODY = (
    '{\n  "hostname": "{hostname}",\n  "version": "{version}",\n  "revision": "",\n  "color": "#34577c",\n'
    '  "message": "greetings from podinfo v{version}",\n  "goos": "linux",\n  "goarch": "amd64"\n}\n'
)

# --- the catalogue ---------------------------------------------------------------------------


def _tags(*rows: tuple[str, int, str, str]) -> dict[str, Tag]:
    return {tag: Tag(size, version, base) for tag, size, version, base in rows}


_R = Repository

CATALOGUE: dict[str, Repository] = {
    repo.name: repo
    for repo in (
        _R(
            "docker.io/library/nginx",
            _tags(
                ("1.25", 70_544_180, "1.25.5", "debian"),
                ("1.25.5", 70_544_180, "1.25.5", "debian"),
                ("1.25-alpine", 17_790_211, "1.25.5", "alpine"),
                ("1.26", 72_081_557, "1.26.3", "debian"),
                ("1.26.3", 72_081_557, "1.26.3", "debian"),
                ("1.26-alpine", 20_342_816, "1.26.3", "alpine"),
                ("stable", 72_081_557, "1.26.3", "debian"),
                ("1.27", 72_195_292, "1.27.5", "debian"),
                ("1.27.5", 72_195_292, "1.27.5", "debian"),
                ("1.27-alpine", 20_512_903, "1.27.5", "alpine"),
                ("alpine", 20_512_903, "1.27.5", "alpine"),
                ("mainline", 72_195_292, "1.27.5", "debian"),
                ("latest", 72_195_292, "1.27.5", "debian"),
                ("1.28", 72_225_394, "1.28.0", "debian"),  # stable branch released with 1.27.5 (April 2025)
                ("1.28.0", 72_225_394, "1.28.0", "debian"),
                ("1.29", 72_411_108, "1.29.0", "debian"),  # mainline from June 2025
                ("1.29.0", 72_411_108, "1.29.0", "debian"),
            ),
            summary="web server; welcome page on / (port 80)",
            entrypoint=("/docker-entrypoint.sh",),
            cmd=("nginx", "-g", "daemon off;"),
            env=(("NGINX_VERSION", "{version}"),),
            exposed=(80,),
            extra_bins=frozenset({"nginx", "curl"}),
            programs=_NGINX_PROGRAMS,
        ),
        _R(
            "docker.io/library/httpd",
            _tags(
                ("2.4", 58_043_116, "2.4.62", "debian"),
                ("2.4.62", 58_043_116, "2.4.62", "debian"),
                ("2.4-alpine", 21_611_092, "2.4.62", "alpine"),
                ("latest", 58_043_116, "2.4.62", "debian"),
            ),
            summary='Apache HTTP server; "It works!" on / (port 80)',
            cmd=("httpd-foreground",),
            env=(("HTTPD_VERSION", "{version}"),),
            exposed=(80,),
            programs={
                "httpd-foreground": Program(
                    kind="server",
                    ports=(80,),
                    routes=(
                        Route("/", 200, "<html><body><h1>It works!</h1></body></html>\n"),
                        Route("/index.html", 200, "<html><body><h1>It works!</h1></body></html>\n"),
                    ),
                    not_found=(404, HTTPD_404),
                    logs=_HTTPD_LOGS,
                    ready_after=0.1,
                    memory_mib=12,
                    sigterm=0,  # STOPSIGNAL SIGWINCH: graceful stop
                    docroot="/usr/local/apache2/htdocs",
                    hook="docroot",
                ),
            },
        ),
        _R(
            "docker.io/library/redis",
            _tags(
                ("7.2", 40_912_474, "7.2.7", "debian"),
                ("7.2-alpine", 16_950_310, "7.2.7", "alpine"),
                ("7.4", 45_329_020, "7.4.2", "debian"),
                ("7.4-alpine", 17_512_907, "7.4.2", "alpine"),
                ("7", 45_329_020, "7.4.2", "debian"),
                ("alpine", 17_512_907, "7.4.2", "alpine"),
                ("latest", 45_329_020, "7.4.2", "debian"),
            ),
            summary="key-value store; TCP only (port 6379)",
            entrypoint=("docker-entrypoint.sh",),
            cmd=("redis-server",),
            exposed=(6379,),
            programs={
                "docker-entrypoint.sh": Program(kind="entrypoint", prepend_if_flag="redis-server"),
                "redis-server": Program(
                    kind="server",
                    ports=(6379,),
                    http=False,
                    logs=_REDIS_LOGS,
                    ready_after=0.05,
                    memory_mib=8,
                    sigterm=0,
                    hook="redis",
                ),
            },
        ),
        _R(
            "docker.io/library/busybox",
            _tags(
                ("1.28", 727_869, "1.28.4", "busybox"),  # the tag of the init-container example in the Kubernetes docs
                ("1.35", 2_213_450, "1.35.0", "busybox"),
                ("1.36", 2_155_324, "1.36.1", "busybox"),
                ("1.36.1", 2_155_324, "1.36.1", "busybox"),
                ("1.37", 2_222_260, "1.37.0", "busybox"),
                ("stable", 2_222_260, "1.37.0", "busybox"),
                ("latest", 2_222_260, "1.37.0", "busybox"),
            ),
            summary="tiny shell and utilities; default `sh` exits 0 at once",
            cmd=("sh",),
        ),
        _R(
            "registry.k8s.io/busybox",
            _tags(("latest", 1_144_547, "1.24.2", "busybox"), ("1.27.2", 1_327_820, "1.27.2", "busybox")),
            summary="the busybox of the Kubernetes documentation's probe examples",
            cmd=("sh",),
        ),
        _R(
            "docker.io/library/alpine",
            _tags(
                ("3.19", 3_419_706, "3.19.6", "alpine"),
                ("3.20", 3_625_781, "3.20.5", "alpine"),
                ("3.21", 3_642_217, "3.21.2", "alpine"),
                ("latest", 3_642_217, "3.21.2", "alpine"),
            ),
            summary="minimal Linux; default `/bin/sh` exits 0 at once",
            cmd=("/bin/sh",),
        ),
        _R(
            "docker.io/library/ubuntu",
            _tags(
                ("22.04", 29_538_961, "22.04", "ubuntu"),
                ("24.04", 29_754_422, "24.04", "ubuntu"),
                ("latest", 29_754_422, "24.04", "ubuntu"),
            ),
            summary="Ubuntu userland; default `/bin/bash` exits 0 at once",
            cmd=("/bin/bash",),
        ),
        _R(
            "docker.io/library/python",
            _tags(
                ("3.11", 386_512_044, "3.11.11", "debian"),
                ("3.11-slim", 45_210_366, "3.11.11", "debian"),
                ("3.12", 389_431_540, "3.12.8", "debian"),
                ("3.12-slim", 41_268_014, "3.12.8", "debian"),
                ("3.12-alpine", 18_250_419, "3.12.8", "alpine"),
                ("3.13-slim", 42_030_118, "3.13.1", "debian"),
                ("latest", 392_108_275, "3.13.1", "debian"),
            ),
            summary="Python; default `python3` REPL exits 0 without a TTY",
            cmd=("python3",),
            env=(("PYTHON_VERSION", "{version}"), ("LANG", "C.UTF-8")),
            extra_bins=frozenset({"python", "python3", "pip"}),
        ),
        _R(
            "docker.io/library/node",
            _tags(
                ("20", 397_804_211, "20.18.2", "debian"),
                ("20-alpine", 45_517_346, "20.18.2", "alpine"),
                ("22", 400_165_993, "22.13.1", "debian"),
                ("22-alpine", 48_932_880, "22.13.1", "alpine"),
                ("lts", 400_165_993, "22.13.1", "debian"),
                ("latest", 401_902_517, "23.7.0", "debian"),
            ),
            summary="Node.js; default `node` REPL exits 0 without a TTY",
            entrypoint=("docker-entrypoint.sh",),
            cmd=("node",),
            env=(("NODE_VERSION", "{version}"),),
            extra_bins=frozenset({"node", "npm"}),
            programs={
                "docker-entrypoint.sh": Program(kind="entrypoint", prepend_if_flag="node", prepend_if_not_command=True)
            },
        ),
        _R(
            "docker.io/library/postgres",
            _tags(
                ("16", 150_281_903, "16.6 (Debian 16.6-1.pgdg120+1)", "debian"),
                ("16-alpine", 105_127_442, "16.6", "alpine"),
                ("17", 161_430_709, "17.2 (Debian 17.2-1.pgdg120+1)", "debian"),
                ("17-alpine", 108_512_004, "17.2", "alpine"),
                ("latest", 161_430_709, "17.2 (Debian 17.2-1.pgdg120+1)", "debian"),
            ),
            summary="PostgreSQL; needs POSTGRES_PASSWORD (port 5432)",
            entrypoint=("docker-entrypoint.sh",),
            cmd=("postgres",),
            env=(("PGDATA", "/var/lib/postgresql/data"),),
            exposed=(5432,),
            extra_bins=frozenset({"postgres", "psql", "pg_isready"}),
            programs={
                "docker-entrypoint.sh": Program(kind="entrypoint", prepend_if_flag="postgres"),
                "postgres": Program(
                    kind="server",
                    ports=(5432,),
                    http=False,
                    logs=_PG_LOGS,
                    ready_after=2.6,
                    memory_mib=60,
                    sigterm=0,  # STOPSIGNAL SIGINT: fast shutdown
                    requires_env=(("POSTGRES_PASSWORD",), ("POSTGRES_HOST_AUTH_METHOD",)),
                    missing_env_logs=_PG_MISSING,
                ),
            },
        ),
        _R(
            "docker.io/library/mysql",
            _tags(
                ("8.0", 165_117_320, "8.0.41-1.el9", "oraclelinux"),
                ("8.4", 171_504_991, "8.4.4-1.el9", "oraclelinux"),
                ("latest", 171_996_280, "9.2.0-1.el9", "oraclelinux"),
            ),
            summary="MySQL; needs MYSQL_ROOT_PASSWORD or similar (port 3306)",
            entrypoint=("docker-entrypoint.sh",),
            cmd=("mysqld",),
            exposed=(3306, 33060),
            extra_bins=frozenset({"mysqld", "mysql", "mysqladmin"}),
            programs={
                "docker-entrypoint.sh": Program(kind="entrypoint", prepend_if_flag="mysqld"),
                "mysqld": Program(
                    kind="server",
                    ports=(3306, 33060),
                    http=False,
                    logs=_MYSQL_LOGS,
                    ready_after=14.0,
                    memory_mib=360,
                    sigterm=0,
                    requires_env=(
                        ("MYSQL_ROOT_PASSWORD",),
                        ("MYSQL_ALLOW_EMPTY_PASSWORD",),
                        ("MYSQL_RANDOM_ROOT_PASSWORD",),
                    ),
                    missing_env_logs=_MYSQL_MISSING,
                ),
            },
        ),
        _R(
            "docker.io/hashicorp/http-echo",
            _tags(
                ("1.0", 3_475_390, "1.0.0", "scratch"),
                ("1.0.0", 3_475_390, "1.0.0", "scratch"),
                ("0.2.3", 2_685_170, "0.2.3", "scratch"),
                ("latest", 3_475_390, "1.0.0", "scratch"),
            ),
            summary="answers the -text= argument on every path (port 5678)",
            entrypoint=("/http-echo",),
            exposed=(5678,),
            programs={
                "/http-echo": Program(
                    kind="server",
                    ports=(5678,),
                    routes=(Route("/health", 200, '{"status":"ok"}\n'), Route("*", 200, "{text}\n")),
                    logs=((0.0, "err", _GO_TS + "[INFO] server is listening on :{port}"),),
                    ready_after=0.05,
                    memory_mib=5,
                    sigterm=0,
                    hook="http-echo",
                ),
            },
        ),
        _R(
            "registry.k8s.io/pause",
            _tags(("3.9", 321_520, "3.9", "scratch"), ("3.10", 320_368, "3.10", "scratch")),
            summary="does nothing, forever (the pod sandbox image)",
            entrypoint=("/pause",),
            programs={"/pause": Program(kind="server", http=False, ready_after=0.0, memory_mib=1, sigterm=0)},
        ),
        _R(
            "gcr.io/google-samples/hello-app",
            _tags(("1.0", 11_453_902, "1.0.0", "distroless"), ("2.0", 11_467_215, "2.0.0", "distroless")),
            summary='"Hello, world! Version: ... Hostname: ..." (port 8080)',
            cmd=("/hello-app",),
            programs={
                "/hello-app": Program(
                    kind="server",
                    ports=(8080,),
                    routes=(Route("*", 200, HELLO_APP_BODY),),
                    logs=((0.0, "err", _GO_TS + "Server listening on port {port}"),),
                    ready_after=0.05,
                    memory_mib=6,
                    sigterm=2,
                    hook="hello-app",
                ),
            },
        ),
        _R(
            "us-docker.pkg.dev/google-samples/containers/gke/hello-app",
            _tags(("1.0", 11_453_902, "1.0.0", "distroless"), ("2.0", 11_467_215, "2.0.0", "distroless")),
            summary="hello-app at its current registry",
            cmd=("/hello-app",),
            programs={
                "/hello-app": Program(
                    kind="server",
                    ports=(8080,),
                    routes=(Route("*", 200, HELLO_APP_BODY),),
                    logs=((0.0, "err", _GO_TS + "Server listening on port {port}"),),
                    ready_after=0.05,
                    memory_mib=6,
                    sigterm=2,
                    hook="hello-app",
                ),
            },
        ),
        _R(
            "docker.io/traefik/whoami",
            _tags(
                ("v1.10", 3_142_206, "1.10.3", "scratch"),
                ("v1.10.3", 3_142_206, "1.10.3", "scratch"),
                ("v1.11", 3_305_772, "1.11.0", "scratch"),
                ("latest", 3_305_772, "1.11.0", "scratch"),
            ),
            summary="prints its hostname, IPs and the request (port 80)",
            entrypoint=("/whoami",),
            exposed=(80,),
            programs={
                "/whoami": Program(
                    kind="server",
                    ports=(80,),
                    routes=(Route("*", 200, WHOAMI_BODY),),
                    logs=((0.0, "err", _GO_TS + "Starting up on port {port}"),),
                    ready_after=0.05,
                    memory_mib=6,
                    sigterm=0,
                    hook="whoami",
                ),
            },
        ),
        _R(
            "docker.io/nginxdemos/hello",
            _tags(("latest", 20_902_113, "1.27.5", "alpine"), ("plain-text", 20_902_250, "1.27.5", "alpine")),
            summary="nginx page showing the server's address and name (port 80)",
            entrypoint=("/docker-entrypoint.sh",),
            cmd=("nginx", "-g", "daemon off;"),
            exposed=(80,),
            extra_bins=frozenset({"nginx", "curl"}),
            programs={
                "/docker-entrypoint.sh": _NGINX_PROGRAMS["/docker-entrypoint.sh"],
                "nginx": Program(
                    kind="server",
                    ports=(80,),
                    routes=(Route("*", 200, NGINXDEMOS_HTML),),
                    logs=_NGINX_START,
                    ready_after=0.1,
                    memory_mib=10,
                    sigterm=0,
                    hook="nginxdemos",
                ),
            },
        ),
        _R(
            "docker.io/kennethreitz/httpbin",
            _tags(("latest", 197_430_551, "0.9.2", "ubuntu")),
            summary="HTTP test service: /get, /status/CODE, /headers ... (port 80)",
            cmd=("gunicorn", "-b", "0.0.0.0:80", "httpbin:app", "-k", "gevent"),
            exposed=(80,),
            extra_bins=frozenset({"gunicorn", "python", "python3"}),
            programs={
                "gunicorn": Program(
                    kind="server",
                    ports=(80,),
                    routes=(
                        Route(
                            "/",
                            200,
                            "<!DOCTYPE html>\n<html>\n<head><title>httpbin.org</title></head>\n<body>httpbin.org</body>\n</html>\n",
                        ),
                        Route("/get", 200, '{\n  "args": {},\n  "url": "http://{pod_ip}{path}"\n}\n'),
                        Route("/ip", 200, '{\n  "origin": "10.244.0.1"\n}\n'),
                        Route("/headers", 200, '{\n  "headers": {\n    "Host": "{pod_ip}"\n  }\n}\n'),
                        Route("/status/*", None, ""),
                        Route(
                            "/html",
                            200,
                            "<!DOCTYPE html>\n<html><body><h1>Herman Melville - Moby-Dick</h1></body></html>\n",
                        ),
                    ),
                    not_found=(
                        404,
                        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n'
                        "<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n",
                    ),
                    logs=(
                        (0.0, "err", "[{now:%Y-%m-%d %H:%M:%S} +0000] [1] [INFO] Starting gunicorn 19.9.0"),
                        (0.3, "err", "[{now:%Y-%m-%d %H:%M:%S} +0000] [1] [INFO] Listening at: http://0.0.0.0:80 (1)"),
                        (0.3, "err", "[{now:%Y-%m-%d %H:%M:%S} +0000] [1] [INFO] Using worker: gevent"),
                        (0.4, "err", "[{now:%Y-%m-%d %H:%M:%S} +0000] [8] [INFO] Booting worker with pid: 8"),
                    ),
                    ready_after=0.4,
                    memory_mib=80,
                    sigterm=0,
                ),
            },
        ),
        _R(
            "registry.k8s.io/e2e-test-images/agnhost",
            _tags(
                ("2.39", 51_208_730, "2.39", "alpine"),
                ("2.40", 51_356_117, "2.40", "alpine"),
                ("2.43", 52_011_406, "2.43", "alpine"),
                ("2.52", 53_900_212, "2.52", "alpine"),
            ),
            summary="Kubernetes test server: `liveness` (/healthz 200 for 10 s, then 500), `netexec`, `serve-hostname`",
            entrypoint=("/agnhost",),
            programs={
                "/agnhost": Program(
                    kind="server", ports=(8080,), ready_after=0.05, memory_mib=15, sigterm=0, hook="agnhost"
                ),
            },
        ),
        _R(
            "docker.io/polinux/stress",
            _tags(("latest", 4_041_183, "1.0.4", "alpine"), ("1.0.4", 4_041_183, "1.0.4", "alpine")),
            summary="`stress --vm 1 --vm-bytes 150M` allocates memory (the docs' OOM example)",
            cmd=("stress",),
            extra_bins=frozenset({"stress"}),
        ),
        _R(
            "docker.io/curlimages/curl",
            _tags(("8.11.1", 10_976_402, "8.11.1", "alpine"), ("latest", 10_976_402, "8.11.1", "alpine")),
            summary="curl as the entrypoint: args are curl's arguments",
            entrypoint=("/entrypoint.sh",),
            cmd=("curl",),
            extra_bins=frozenset({"curl"}),
            programs={
                "/entrypoint.sh": Program(kind="entrypoint", prepend_if_flag="curl", prepend_if_not_command=True)
            },
        ),
        _R(
            "ghcr.io/stefanprodan/podinfo",
            _tags(
                ("6.5.4", 19_384_022, "6.5.4", "alpine"),
                ("6.7.1", 19_896_517, "6.7.1", "alpine"),
                ("latest", 19_896_517, "6.7.1", "alpine"),
            ),
            summary="demo service with /healthz and /readyz (port 9898)",
            cmd=("./podinfo",),
            exposed=(9898, 9797, 9999),
            programs={
                "./podinfo": Program(
                    kind="server",
                    ports=(9898,),
                    routes=(
                        Route("/", 200, PODINFO_BODY),
                        Route("/healthz", 200, '{\n  "status": "OK"\n}\n'),
                        Route("/readyz", 200, '{\n  "status": "OK"\n}\n'),
                        Route("/version", 200, '{\n  "version": "{version}"\n}\n'),
                        Route("/status/*", None, ""),
                    ),
                    logs=(
                        (
                            0.0,
                            "err",
                            '{"level":"info","ts":"{now:%Y-%m-%dT%H:%M:%S.%L}Z","caller":"podinfo/main.go:153",'
                            '"msg":"Starting podinfo","version":"{version}","port":"9898"}',
                        ),
                    ),
                    ready_after=0.1,
                    memory_mib=20,
                    sigterm=0,
                ),
            },
        ),
        _R(
            "registry.example.com/team/app",
            _tags(("1.0", 25_003_114, "1.0", "distroless"), ("1.1", 25_118_901, "1.1", "distroless")),
            summary="a PRIVATE image: needs imagePullSecrets for registry.example.com (port 8080)",
            cmd=("/app",),
            exposed=(8080,),
            private=True,
            programs={
                "/app": Program(
                    kind="server",
                    ports=(8080,),
                    routes=(Route("/", 200, "team app {version}\n"), Route("/healthz", 200, "ok\n")),
                    logs=((0.0, "err", _GO_TS + "team app {version} listening on :8080"),),
                    ready_after=0.2,
                    memory_mib=20,
                    sigterm=0,
                ),
            },
        ),
        _R(
            "docker.io/k8slearn/private-app",
            _tags(("1.0", 12_205_330, "1.0", "distroless")),
            summary="a PRIVATE Docker Hub image: without credentials it looks exactly like a missing one",
            cmd=("/app",),
            exposed=(8080,),
            private=True,
            programs={
                "/app": Program(
                    kind="server",
                    ports=(8080,),
                    routes=(Route("/", 200, "private app {version}\n"),),
                    logs=((0.0, "err", _GO_TS + "private app {version} listening on :8080"),),
                    ready_after=0.2,
                    memory_mib=15,
                    sigterm=0,
                ),
            },
        ),
    )
}

# Registries the simulated nodes can reach. Hosts starting with ``private.`` and those below
# require credentials (imagePullSecrets); any other host does not resolve.
PUBLIC_REGISTRIES = frozenset(
    {
        "docker.io",
        "registry.k8s.io",
        "gcr.io",
        "ghcr.io",
        "quay.io",
        "mcr.microsoft.com",
        "public.ecr.aws",
        "us-docker.pkg.dev",
        "k8s.gcr.io",
    }
)
PRIVATE_REGISTRIES = frozenset({"registry.example.com"})


def is_private_registry(host: str) -> bool:
    return host in PRIVATE_REGISTRIES or host.startswith("private.")


@dataclass(frozen=True)
class PullResult:
    ref: ImageRef
    repository: Repository
    tag: str
    size_bytes: int
    digest: str
    version: str

    @property
    def image(self) -> str:
        """``status.containerStatuses[].image``: the canonical reference."""
        return self.ref.canonical

    @property
    def image_id(self) -> str:
        """``status.containerStatuses[].imageID``: the repo digest."""
        return f"{self.ref.name}@{self.digest}"


def image_digest(name: str, tag_info: Tag) -> str:
    """Deterministic ``sha256:<64 hex>``; tags that alias the same build share a digest."""
    return "sha256:" + hashlib.sha256(f"{name}|{tag_info.version}|{tag_info.base}".encode()).hexdigest()


def lookup(image: str) -> tuple[ImageRef, Repository | None, str | None]:
    """Parse and find ``image`` in the catalogue: ``(ref, repository or None, tag or None)``."""
    ref = parse_image(image)
    repo = CATALOGUE.get(ref.name)
    if repo is None:
        return ref, None, None
    if ref.digest:
        for tag, info in repo.tags.items():
            if image_digest(repo.name, info) == ref.digest and (ref.tag in (None, tag)):
                return ref, repo, tag
        return ref, repo, None
    tag = ref.tag or DEFAULT_TAG
    return ref, repo, tag if tag in repo.tags else None


def _pull_error(ref: ImageRef, detail: str, code: str = "Unknown") -> str:
    canonical = ref.canonical
    return f'rpc error: code = {code} desc = failed to pull and unpack image "{canonical}": {detail}'


def registry_host(host: str) -> str:
    """Normalise a dockerconfigjson key (``https://index.docker.io/v1/``) to a registry host."""
    host = re.sub(r"^[a-z]+://", "", host.strip()).split("/", 1)[0]
    return DEFAULT_DOMAIN if host in (LEGACY_DEFAULT_DOMAIN, "registry-1.docker.io") else host


def registries_in_dockerconfig(config: Mapping) -> set[str]:
    """The registry hosts a ``.dockerconfigjson`` (already decoded) holds credentials for."""
    auths = config.get("auths", config) if isinstance(config, Mapping) else {}
    return {registry_host(key) for key in auths} if isinstance(auths, Mapping) else set()


def resolve_image(image: str, *, credentials: Collection[str] = ()) -> PullResult:
    """What a pull of ``image`` gives; raise :class:`InvalidImageName` or :class:`PullError`.

    ``credentials`` holds the registry hosts the pod has imagePullSecrets for
    (see :func:`registries_in_dockerconfig`).
    """
    ref, repo, tag = lookup(image)
    canonical = ref.canonical
    resolve = f'failed to resolve reference "{canonical}": '
    host = ref.domain
    hostname = host.rsplit(":", 1)[0] if not host.startswith("[") else host
    allowed = {registry_host(h) for h in credentials}
    if hostname in ("localhost", "127.0.0.1", "[::1]"):
        port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else "443"
        where = f"{ref.path}/manifests/{ref.digest or ref.tag or DEFAULT_TAG}"
        raise PullError(
            _pull_error(
                ref,
                resolve + f'failed to do request: Head "https://{host}/v2/{where}": '
                f"dial tcp 127.0.0.1:{port}: connect: connection refused",
            ),
            "connection-refused",
        )
    private = is_private_registry(host) or (repo is not None and repo.private)
    if private and host not in allowed:
        if host == DEFAULT_DOMAIN:
            raise PullError(_pull_error(ref, resolve + _DENIED), "unauthorized")
        scope = quote(f"repository:{ref.path}:pull", safe="")
        raise PullError(
            _pull_error(
                ref,
                resolve + "failed to authorize: failed to fetch anonymous token: unexpected status from "
                f"GET request to https://{host}/token?scope={scope}&service={host}: 401 Unauthorized",
            ),
            "unauthorized",
        )
    if host not in PUBLIC_REGISTRIES and not is_private_registry(host):
        where = f"{ref.path}/manifests/{ref.digest or ref.tag or DEFAULT_TAG}"
        raise PullError(
            _pull_error(
                ref,
                resolve + f'failed to do request: Head "https://{host}/v2/{where}": '
                f"dial tcp: lookup {hostname}: no such host",
            ),
            "no-such-host",
        )
    if repo is None and host == DEFAULT_DOMAIN:
        # Docker Hub answers "denied" for a repository that does not exist, as for a private one.
        raise PullError(_pull_error(ref, resolve + _DENIED), "not-found")
    if repo is None or tag is None:
        raise PullError(_pull_error(ref, resolve + f"{canonical}: not found", code="NotFound"), "not-found")
    info = repo.tags[tag]
    return PullResult(
        ref=ref,
        repository=repo,
        tag=tag,
        size_bytes=info.size,
        digest=image_digest(repo.name, info),
        version=info.version,
    )


_DENIED = (
    "pull access denied, repository does not exist or may require authorization: "
    "server message: insufficient_scope: authorization failed"
)


def catalogue_rows() -> list[dict]:
    """One row per repository, for a lesson page: name, tags, sizes, what it does."""
    rows = []
    for repo in CATALOGUE.values():
        rows.append(
            {
                "repository": repo.name,
                "tags": {tag: info.size for tag, info in repo.tags.items()},
                "summary": repo.summary,
                "ports": list(repo.exposed),
                "private": repo.private,
            }
        )
    return rows
