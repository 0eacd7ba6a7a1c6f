# Generates production.jsonl and development.txt with real structlog (Debian python3-structlog 22.3.0):
#   python3 generate.py production <dir>  and  python3 generate.py development <dir> > development.txt
# The seed's section 2.2 set-up, verbatim, then its section 2.3 usage and one exception.
import logging
import logging.handlers
import structlog
import sys
from pathlib import Path

def setup_logging(log_dir="/var/log/app", app_name="python-starter-kit", env="development", log_level="INFO"):
    level = getattr(logging, log_level.upper(), logging.INFO)
    shared_processors = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    if env == "production":
        log_path = Path(log_dir)
        log_path.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            filename=log_path / f"{app_name}.log", maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8")
        file_handler.setLevel(level)
        logging.basicConfig(level=level, handlers=[file_handler], format="%(message)s")
        structlog.configure(
            processors=shared_processors + [structlog.processors.dict_tracebacks, structlog.processors.JSONRenderer()],
            wrapper_class=structlog.make_filtering_bound_logger(level),
            context_class=dict,
            logger_factory=structlog.stdlib.LoggerFactory(),
            cache_logger_on_first_use=True,
        )
    else:
        logging.basicConfig(level=level, format="%(message)s", stream=sys.stdout)
        structlog.configure(
            processors=shared_processors + [structlog.dev.ConsoleRenderer(colors=False)],
            wrapper_class=structlog.make_filtering_bound_logger(level),
            context_class=dict,
            logger_factory=structlog.stdlib.LoggerFactory(),
            cache_logger_on_first_use=True,
        )

setup_logging(log_dir=sys.argv[2], env=sys.argv[1])
logger = structlog.get_logger("auth")
bound_logger = logger.bind(request_id="req-abc-123", user_id="user-456", service="auth")
bound_logger.info("로그인 시도", method="oauth2")
bound_logger.warning("비밀번호 틀림", attempt=3)
bound_logger.error("계정 잠김", locked_until="2026-02-28T00:00:00Z")
try:
    try:
        raise TimeoutError("Read timed out")
    except TimeoutError as e:
        raise RuntimeError("payment gateway did not answer") from e
except RuntimeError:
    bound_logger.exception("결제 실패", amount=12900)
