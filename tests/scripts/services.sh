#!/usr/bin/env bash
# Brings up what the integration tests need when the environment does not name its own servers:
# MariaDB and Redis from Debian's packages (installed if absent), and Chromium for browser tests.
# Source it: it exports COACHFLOW_TEST_MYSQL_URL / COACHFLOW_TEST_REDIS_URL and registers cleanup.
RUN_DIR="${RUN_DIR:-${TMPDIR:-/tmp}/coachflow-test-run}"
mkdir -p "$RUN_DIR"
STARTED_MARIADB_PID=""
STARTED_REDIS=""

need_pkgs=()
if [ -z "${COACHFLOW_TEST_MYSQL_URL:-}" ] && ! command -v mariadbd >/dev/null 2>&1; then need_pkgs+=(mariadb-server); fi
if [ -z "${COACHFLOW_TEST_REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then need_pkgs+=(redis-server); fi
# redis-server is also used directly by the Redis restart test
if ! command -v redis-server >/dev/null 2>&1 && [[ ! " ${need_pkgs[*]} " =~ " redis-server " ]]; then need_pkgs+=(redis-server); fi
if [ ! -x /usr/bin/chromium ]; then need_pkgs+=(chromium); fi
# A CJK font so the browser test's screenshots of the zh-CN screens show characters, not boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need_pkgs+=(fonts-wqy-microhei); fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "› apt-get install ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -z "${COACHFLOW_TEST_MYSQL_URL:-}" ]; then
  if ! tcp_open 3306; then
    echo "› starting MariaDB"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    if [ ! -d /var/lib/mysql/mysql ]; then mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null; fi
    mariadbd --user=mysql --bind-address=127.0.0.1 --port=3306 --skip-name-resolve --max-connections=500 >"$RUN_DIR/mariadbd.log" 2>&1 &
    STARTED_MARIADB_PID=$!
    for _ in $(seq 1 150); do mariadb -e 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  mariadb -e "CREATE USER IF NOT EXISTS 'app'@'127.0.0.1' IDENTIFIED BY 'app';
    CREATE USER IF NOT EXISTS 'app'@'localhost' IDENTIFIED BY 'app';
    GRANT ALL ON *.* TO 'app'@'127.0.0.1'; GRANT ALL ON *.* TO 'app'@'localhost'; FLUSH PRIVILEGES;"
  # Leftover test databases of an interrupted run.
  for db in $(mariadb -N -e "SHOW DATABASES LIKE 'cf\\_%'"); do mariadb -e "DROP DATABASE \`$db\`"; done
  export COACHFLOW_TEST_MYSQL_URL="mysql://app:app@127.0.0.1:3306"
fi

if [ -z "${COACHFLOW_TEST_REDIS_URL:-}" ]; then
  if [ "$(redis-cli -p 6379 ping 2>/dev/null || true)" != "PONG" ]; then
    echo "› starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
      --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log"
    STARTED_REDIS=1
    for _ in $(seq 1 50); do [ "$(redis-cli ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
  fi
  export COACHFLOW_TEST_REDIS_URL="redis://127.0.0.1:6379"
fi

stop_services() {
  if [ -n "$STARTED_REDIS" ] && [ -f "$RUN_DIR/redis.pid" ]; then kill "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null || true; fi
  if [ -n "$STARTED_MARIADB_PID" ]; then kill "$STARTED_MARIADB_PID" 2>/dev/null || true; wait "$STARTED_MARIADB_PID" 2>/dev/null || true; fi
}
