#!/usr/bin/env bash
# Checks docker-compose.yml with Debian's docker-compose 1.29 (no engine needed): it must validate, and the
# resolved configuration must have the services, images and settings the README promises.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# the credentials infra/compose-secrets.sh would generate into .env; the file must require them
export BERTH_SERVICE_TOKEN=t0ken BERTH_PG_ADMIN_PASSWORD=pgadm BERTH_PG_PASSWORD=pgpw BERTH_KAFKA_ADMIN_PASSWORD=kadm \
  BERTH_KAFKA_PASSWORD=kpw BERTH_REGISTRY_PASSWORD=regpw
if env -u BERTH_SERVICE_TOKEN docker-compose -f docker-compose.yml config -q 2>/dev/null; then
  echo "FAIL: docker-compose.yml validates without BERTH_SERVICE_TOKEN" >&2; exit 1
fi

command -v docker-compose >/dev/null || { echo "FAIL: docker-compose is not installed" >&2; exit 1; }
docker-compose -f docker-compose.yml config -q

# docker-compose depends on python3-yaml, so it is there whenever docker-compose is.
docker-compose -f docker-compose.yml config | python3 -c '
import sys, yaml
c = yaml.safe_load(sys.stdin)["services"]
services = ["image-service", "build-service", "runtime-service", "volume-service", "network-service", "gateway"]
problems = []
def check(ok, what):
    if not ok: problems.append(what)
check(sorted(c) == sorted(services + ["kafka", "postgres"]), "services are " + ", ".join(sorted(c)))
check(c.get("kafka", {}).get("image") == "apache/kafka:4.1.1", "kafka image")
check(c.get("postgres", {}).get("image") == "postgres:15", "postgres image")
ports = {"gateway": 7100, "image-service": 7101, "build-service": 7102, "runtime-service": 7103,
         "volume-service": 7104, "network-service": 7105}
for s in services:
    d = c.get(s, {})
    env = d.get("environment", {})
    check(d.get("image") == "eclipse-temurin:17-jre", s + ": image")
    check(d.get("command") == ["java", "-jar", "/app/quarkus-run.jar"], s + ": command")
    check(any(str(v).endswith(":/app:ro") and ("/%s/target/quarkus-app:" % s) in str(v) for v in d.get("volumes", [])),
          s + ": fast-jar mounted read-only at /app")
    check(env.get("BERTH_BIND") == "0.0.0.0", s + ": BERTH_BIND")
    check(env.get("BERTH_KAFKA") == "kafka:9092", s + ": BERTH_KAFKA")
    check(env.get("BERTH_PG_ADDRESS") == "postgres:5432", s + ": BERTH_PG_ADDRESS")
    for t, p in ports.items():
        key = t.replace("-service", "").upper()
        check(env.get("BERTH_%s_URL" % key) == "http://%s:%d" % (t, p), s + ": BERTH_%s_URL" % key)
        check(str(env.get("BERTH_%s_PORT" % key)) == str(p), s + ": BERTH_%s_PORT" % key)
    check(env.get("BERTH_SERVICE_TOKEN") == "t0ken", s + ": BERTH_SERVICE_TOKEN")
    check(env.get("BERTH_PG_PASSWORD") == "pgpw", s + ": BERTH_PG_PASSWORD")
    check(env.get("BERTH_KAFKA_PASSWORD") == "kpw", s + ": BERTH_KAFKA_PASSWORD")
    check(not d.get("ports"), s + ": publishes no port (the socket is the one door)")
k = c.get("kafka", {}).get("environment", {})
check("SASL_PLAINTEXT" in k.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "") and "PLAINTEXT:PLAINTEXT" not in
      k.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", ""), "kafka: SASL listeners only")
check("user_berth=\"kpw\"" in k.get("KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG", ""), "kafka: berth user")
check(c.get("postgres", {}).get("environment", {}).get("POSTGRES_PASSWORD") == "pgadm", "postgres: superuser password")
rt = c.get("runtime-service", {})
check(rt.get("privileged") is True, "runtime-service: privileged")
check(rt.get("pid") == "host", "runtime-service: pid host")
for path in ["/var/lib/berth", "/run/berth", "/sys/fs/cgroup", "/run/netns", "/usr/sbin/runc", "/usr/bin/conmon", "/lib/modules"]:
    check(any(str(v).startswith(path + ":") for v in rt.get("volumes", [])), "runtime-service: mounts " + path)
check(any(str(v).startswith("/run/berth:/run/berth") for v in c.get("gateway", {}).get("volumes", [])),
      "gateway: /run/berth bind mount for the socket")
if problems:
    print("FAIL: docker-compose.yml: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
'
echo "test-compose-config: ok"
