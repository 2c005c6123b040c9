#!/usr/bin/env python3
"""Writes docs/api-coverage.md: every operation of the Docker Engine API swagger, whether berth serves it, what it
answers for swarm and plugin operations, and which e2e test classes exercise it.

    docs/tools/api-coverage.py [--swagger FILE] [--socket PATH] [--out FILE]

Whether berth serves an operation is read from the sources (the route definitions), not guessed:
  * the gateway answers /_ping, /version, /info, /system/df and /events itself (DockerApiServer's switch) and the
    swarm and plugin routes (SwarmEndpoints); any other path goes to the service owning its first segment
    (Owner.java) or is the gateway's 404 "page not found";
  * in that service, a JAX-RS method (class @Path + method @Path + @GET/@POST/...) or a Vert.x route
    (router.get("/containers/:id/logs"), router.postWithRegex(...)) must match method and path.
With --socket, every operation that cannot change anything (GET/HEAD, and all swarm and plugin operations, whose
answers are constants) is also sent to a running berth with made-up names, and a route the sources call served but
that answers like an unknown one (the gateway's "page not found", a service's JAX-RS 404 or 405, see UNKNOWN), or the
other way round, is reported as a disagreement on stderr and the script exits 1.

The e2e column lists the classes under e2e/src/test whose source contains one of the operation's markers: the
docker CLI commands (or docker-java commands) that send that request, as in MARKERS below, or the path itself in a
raw HTTP request. A CLI command counts for every request it sends (docker run: create, start, attach, wait).
Needs PyYAML (Debian: python3-yaml).
"""
import argparse
import glob
import http.client
import json
import os
import re
import socket
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_SWAGGER = os.path.join(ROOT, "..", "shared", "reference", "docker-engine-api",
                               "swagger-v1.55-docker-v29.7.2.yaml")
SERVICES = {"runtime": "runtime-service", "image": "image-service", "build": "build-service",
            "volume": "volume-service", "network": "network-service"}
SWARM_TAGS = {"Swarm", "Node", "Service", "Task", "Secret", "Config"}
PLUGIN_TAGS = {"Plugin"}


def d(*commands):
    """Markers for docker CLI commands: docker("ps" ..., docker("container", "ls" ..., or {"node", "ls"} in a table
    of commands a test runs."""
    out = []
    for c in commands:
        words = r'", "'.join(c.split())
        out.append(r'docker(WithInput)?\((\w+, )?"' + words + '"')
        out.append(r'\{"' + words + '"')
    return out


def j(*commands):
    """Markers for docker-java commands: client.listContainersCmd(...)."""
    return [r"\b" + c + r"Cmd\(" for c in commands]


# operationId -> markers (regular expressions over e2e sources)
MARKERS = {
    "ContainerList": d("ps", "container ls") + j("listContainers"),
    "ContainerCreate": d("run", "create", "container create") + j("createContainer"),
    "ContainerInspect": d("inspect", "container inspect", "port") + j("inspectContainer"),
    "ContainerTop": d("top"),
    "ContainerLogs": d("logs") + j("logContainer"),
    "ContainerChanges": d("diff"),
    "ContainerExport": d("export"),
    "ContainerStats": d("stats"),
    "ContainerResize": d("run -it", "run -dit", "attach") + j("resizeContainer"),
    "ContainerStart": d("run", "start") + j("startContainer"),
    "ContainerStop": d("stop"),
    "ContainerRestart": d("restart"),
    "ContainerKill": d("kill"),
    "ContainerUpdate": d("update") + j("updateContainer"),
    "ContainerRename": d("rename"),
    "ContainerPause": d("pause"),
    "ContainerUnpause": d("unpause"),
    "ContainerAttach": d("run", "start -a", "attach") + j("attachContainer"),
    "ContainerWait": d("run", "wait") + j("waitContainer"),
    "ContainerDelete": d("rm", "container rm") + j("removeContainer"),
    "ContainerArchiveInfo": d("cp"),
    "ContainerArchive": d("cp"),
    "PutContainerArchive": d("cp"),
    "ContainerPrune": d("container prune", "system prune"),
    "ImageList": d("images", "image ls") + j("listImages"),
    "ImageBuild": d("build", "buildx build", "image build"),
    "BuildPrune": d("builder prune", "system prune"),
    "ImageCreate": d("pull", "import", "image import", "image pull") + j("pullImage"),
    "ImageInspect": d("image inspect", "inspect") + j("inspectImage"),
    "ImageHistory": d("history", "image history"),
    "ImagePush": d("push", "image push"),
    "ImageTag": d("tag", "image tag"),
    "ImageDelete": d("rmi", "image rm"),
    "ImageSearch": d("search"),
    "ImagePrune": d("image prune", "system prune"),
    "SystemAuth": d("login"),
    "SystemInfo": d("info", "system info"),
    "SystemVersion": d("version") + j("version"),
    "SystemPing": j("ping"),
    "SystemPingHead": [],
    "ImageCommit": d("commit"),
    "SystemEvents": d("events", "system events"),
    "SystemDataUsage": d("system df"),
    "ImageGet": d("save", "image save"),
    "ImageGetAll": d("save", "image save"),
    "ImageLoad": d("load", "image load"),
    "ContainerExec": d("exec") + j("execCreate"),
    "ExecStart": d("exec") + j("execStart"),
    "ExecResize": d("exec -it", "exec -t"),
    "ExecInspect": d("exec") + j("inspectExec"),
    "VolumeList": d("volume ls"),
    "VolumeCreate": d("volume create"),
    "VolumeInspect": d("volume inspect"),
    "VolumeUpdate": d("volume update"),
    "VolumeDelete": d("volume rm"),
    "VolumePrune": d("volume prune", "system prune"),
    "NetworkList": d("network ls"),
    "NetworkInspect": d("network inspect"),
    "NetworkDelete": d("network rm"),
    "NetworkCreate": d("network create"),
    "NetworkConnect": d("network connect"),
    "NetworkDisconnect": d("network disconnect"),
    "NetworkPrune": d("network prune", "system prune"),
    "PluginList": d("plugin ls", "info"),
    "PluginInspect": d("plugin inspect"),
    "PluginDelete": d("plugin rm"),
    "PluginEnable": d("plugin enable"),
    "PluginDisable": d("plugin disable"),
    "PluginPush": d("plugin push"),
    "NodeList": d("node ls"),
    "NodeInspect": d("node inspect"),
    "NodeDelete": d("node rm"),
    "ServiceList": d("service ls"),
    "SecretList": d("secret ls"),
    "ConfigList": d("config ls"),
    "SwarmUnlockkey": d("swarm unlock-key"),
    "SwarmLeave": d("swarm leave"),
    "SwarmInit": d("swarm init"),
}


# ----------------------------------------------------------------------------------------------------------------
# routes in the sources

def template_regex(path):
    """A JAX-RS or Vert.x path template as a regex: {id}, {name: .+}, :id."""
    out = ""
    i = 0
    while i < len(path):
        c = path[i]
        if c == "{":
            depth, k = 1, i + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(path[k], 0)
                k += 1
            inner = path[i + 1:k - 1]
            out += "(" + inner.split(":", 1)[1].strip() + ")" if ":" in inner else "[^/]+"
            i = k
        elif c == ":" and (i == 0 or path[i - 1] == "/"):
            m = re.match(r":\w+", path[i:])
            out += "[^/]+"
            i += len(m.group(0))
        else:
            out += re.escape(c)
            i += 1
    return out


def join(a, b):
    return "/" + "/".join(p.strip("/") for p in (a, b) if p.strip("/"))


JAXRS_VERB = re.compile(r"^\s*@(GET|POST|PUT|DELETE|HEAD)\b")
JAXRS_PATH = re.compile(r'^\s*@Path\("([^"]*)"\)')
VERTX = re.compile(r'router\.(get|post|put|delete|head|route)(WithRegex)?\("([^"]+)"\)')


def source_routes(module):
    """(method or None for any, regex) of every JAX-RS method and Vert.x route in a module."""
    routes = []
    for file in glob.glob(os.path.join(ROOT, module, "src", "main", "java", "**", "*.java"), recursive=True):
        with open(file, encoding="utf-8") as f:
            lines = f.read().splitlines()
        class_path, pending_path, verbs = "", None, []
        for line in lines:
            for m in VERTX.finditer(line):
                method = None if m.group(1) == "route" else m.group(1).upper()
                regex = m.group(3) if m.group(2) else template_regex(m.group(3))
                routes.append((method, regex.lstrip("^").rstrip("$")))
            verb = JAXRS_VERB.match(line)
            path = JAXRS_PATH.match(line)
            if verb:
                verbs.append(verb.group(1))
            elif path:
                pending_path = path.group(1)
            elif re.search(r"\bclass\s+\w+", line) and not line.strip().startswith("*"):
                class_path = pending_path or ""
                pending_path, verbs = None, []
            elif line.strip().startswith("@") or not line.strip() or line.strip().startswith(("/", "*")):
                continue
            elif "(" in line:
                for v in verbs:
                    routes.append((v, template_regex(join(class_path, pending_path or ""))))
                pending_path, verbs = None, []
    return routes


def owners():
    """First path segment -> service module, from gateway's Owner.java."""
    with open(os.path.join(ROOT, "gateway/src/main/java/dev/berth/gateway/Owner.java"), encoding="utf-8") as f:
        text = f.read()
    names = dict(re.findall(r'(\w+)\("(\w+)"\)', text))
    table = {}
    for cases, owner in re.findall(r"case ([^-]+?) -> (\w+);", text):
        for seg in re.findall(r'"([^"]+)"', cases):
            table[seg] = SERVICES[names[owner]]
    return table


def gateway_paths():
    with open(os.path.join(ROOT, "gateway/src/main/java/dev/berth/gateway/DockerApiServer.java"),
              encoding="utf-8") as f:
        return set(re.findall(r'case "([^"]+)" ->', f.read()))


def served(method, path, table, routes, own):
    concrete = re.sub(r"\{[^}]+\}", "probe", path)
    if concrete in own:
        return True
    module = table.get(concrete.strip("/").split("/")[0])
    if module is None:
        return False
    for m, regex in routes[module]:
        if (m is None or m == method or (m == "GET" and method == "HEAD")) and re.fullmatch(regex, concrete):
            return True
    return False


# ----------------------------------------------------------------------------------------------------------------
# probing a running berth

# how berth answers a path it has no route for: the gateway's 404, a service's JAX-RS 404 or, when the path matches
# a route of another method, 405
UNKNOWN = ("page not found", "HTTP 404 Not Found", "Resource not found", "Unable to find matching target resource method",
           "HTTP 405 Method Not Allowed")


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("berth", timeout=30)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


# queries that keep a probe short: a bounded event stream, an export of no image
PROBE_QUERIES = {"/events": "since=1&until=2", "/images/get": "names=berth-api-coverage-probe",
                 "/plugins/{name}/enable": "timeout=0"}


def probe(sock, method, path):
    concrete = "/v1.55" + re.sub(r"\{[^}]+\}", "berth-api-coverage-probe", path)
    if path in PROBE_QUERIES:
        concrete += "?" + PROBE_QUERIES[path]
    conn = UnixConnection(sock)
    try:
        conn.request(method, concrete, body=b"" if method in ("POST", "PUT") else None)
        response = conn.getresponse()
        body = response.read(4096).decode("utf-8", "replace")
    finally:
        conn.close()
    message = body.strip()
    try:
        message = json.loads(body).get("message", message) if body.strip().startswith("{") else message
    except ValueError:
        pass
    return response.status, message


def safe_to_probe(method, tags):
    return method in ("GET", "HEAD") or bool(tags & (SWARM_TAGS | PLUGIN_TAGS))


# ----------------------------------------------------------------------------------------------------------------

def e2e_sources():
    sources = {}
    for file in glob.glob(os.path.join(ROOT, "e2e", "src", "test", "java", "**", "*Test.java"), recursive=True):
        with open(file, encoding="utf-8") as f:
            sources[os.path.basename(file)[:-5]] = f.read()
    return sources


def covering(op_id, method, path, sources):
    markers = list(MARKERS.get(op_id, []))
    # a path parameter is a literal or a concatenated variable: "/containers/" + id + "/wait"
    # (a {name} may hold slashes: images, plugins)
    def param(m):
        return r'(?:[^"' + ('' if m.group(1) == "name" else '/') + r'? ]+|" \+ [\w.()]+(?: \+ ")?)'
    raw = re.sub(r"\\\{(\w+)\\\}", param, re.escape(path)) + r'[?"\s),;]'
    other = "".join(f'(?<!"{m}", )' for m in ("POST", "PUT", "DELETE", "HEAD"))
    verb = other + '"(GET )?' if method == "GET" else '"' + method + " "
    markers.append(verb + r"(/v1\.\d+)?" + raw)
    markers.append(r'"' + method + r'", "(/v1\.\d+)?' + raw)
    if op_id == "SystemPingHead":
        markers.append(r'"HEAD (/v1\.\d+)?/_ping')
    return sorted(name for name, text in sources.items() if any(re.search(m, text) for m in markers))


NOT_A_MANAGER = "This node is not a swarm manager"
# the node operations berth serves although swarm mode is off (runtime-service's cluster/, docs/design.md)
NODE_ROUTES = {("GET", "/nodes"), ("GET", "/nodes/{id}"), ("DELETE", "/nodes/{id}")}
PLUGIN_NOT_FOUND = 'plugin "berth-api-coverage-probe" not found'
# what the gateway answers for plugin operations (SwarmEndpoints), as dockerd without plugins; None: no route
PLUGIN_ANSWERS = {
    ("GET", "/plugins"): (200, "[]"),
    ("GET", "/plugins/{name}/json"): (404, PLUGIN_NOT_FOUND),
    ("DELETE", "/plugins/{name}"): (404, PLUGIN_NOT_FOUND),
    ("POST", "/plugins/{name}/enable"): (404, PLUGIN_NOT_FOUND),
    ("POST", "/plugins/{name}/disable"): (404, PLUGIN_NOT_FOUND),
    ("POST", "/plugins/{name}/push"): (404, PLUGIN_NOT_FOUND),
}


# what dockerd does for the operations berth does not serve yet
GAP_NOTES = {
    "ContainerAttachWebsocket": "attach over a WebSocket; berth attaches over hijacked HTTP only",
    "ImageSearch": "dockerd asks the registry's search endpoint (Docker Hub's `/v1/search`)",
    "GetPluginPrivileges": "reads a plugin's config from a registry",
    "PluginPull": "installs a plugin from a registry; berth runs no plugins",
    "PluginUpgrade": "needs an installed plugin; moby checks the remote reference and the body first",
    "PluginCreate": "makes a plugin from a tar of rootfs + config.json",
    "PluginSet": "needs an installed plugin; moby reads the JSON body first",
    "Session": "BuildKit's session (with /grpc); berth's builder is the classic one (`Builder-Version: 1`)",
}


def fixed_answer(method, path, tags):
    """(status, message) berth answers for a swarm or plugin operation, or None when it has no route for it."""
    if tags & SWARM_TAGS:
        if (method, path) in NODE_ROUTES:
            return None  # runtime-service's node table (issue 17)
        if path == "/swarm/leave":
            return 503, "This node is not part of a swarm"
        return 503, NOT_A_MANAGER
    return PLUGIN_ANSWERS.get((method, path))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swagger", default=DEFAULT_SWAGGER)
    parser.add_argument("--socket", help="probe this running berth's Docker socket as well")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "api-coverage.md"))
    args = parser.parse_args()

    with open(args.swagger, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    table = owners()
    routes = {m: source_routes(m) for m in SERVICES.values()}
    own = gateway_paths()
    sources = e2e_sources()

    rows, gaps, disagreements = [], [], []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            method = method.upper()
            if method not in ("GET", "POST", "PUT", "DELETE", "HEAD"):
                continue
            op_id, tags = op.get("operationId", ""), set(op.get("tags", []))
            fixed = fixed_answer(method, path, tags) if tags & (SWARM_TAGS | PLUGIN_TAGS) else None
            if fixed:
                kind = "swarm off" if tags & SWARM_TAGS else "no plugins"
                status = f"{kind}: {fixed[0]} `{fixed[1]}`".replace("berth-api-coverage-probe", "<name>")
            elif served(method, path, table, routes, own):
                status = "yes"
            else:
                status = "**not implemented**"
                gaps.append((method, path, op_id))
            probed = ""
            if args.socket and safe_to_probe(method, tags):
                code, message = probe(args.socket, method, path)
                probed = f"{code}"
                unknown = code in (404, 405) and any(u in message for u in UNKNOWN)
                if fixed and (code != fixed[0] or fixed[1] not in message):
                    disagreements.append(f"{method} {path}: expected {fixed[0]} {fixed[1]}, berth answers {code} "
                                         f"{message}")
                if status == "yes" and unknown:
                    disagreements.append(f"{method} {path}: sources say served, berth answers {code} {message}")
                if status.startswith("**not") and not unknown:
                    disagreements.append(f"{method} {path}: sources say not served, berth answers {code} {message}")
            found = covering(op_id, method, path, sources)
            tests = ", ".join(found[:6]) + (f" (+{len(found) - 6} more)" if len(found) > 6 else "") or "—"
            rows.append((method, path, op_id, status, probed, tests))

    with open(args.out, "w", encoding="utf-8") as out:
        out.write(HEADER.format(swagger=os.path.basename(args.swagger)))
        out.write("| method | path | operationId | berth | e2e tests |\n|---|---|---|---|---|\n")
        for method, path, op_id, status, _, tests in rows:
            out.write(f"| {method} | `{path}` | {op_id} | {status} | {tests} |\n")
        out.write("\n## Not implemented yet\n\n")
        for method, path, op_id in gaps:
            note = GAP_NOTES.get(op_id)
            out.write(f"- `{method} {path}` ({op_id})" + (f": {note}" if note else "") + "\n")
        served_count = sum(1 for r in rows if r[3] == "yes")
        out.write(f"\n{len(rows)} operations: {served_count} served, "
                  f"{sum(1 for r in rows if r[3].startswith('swarm'))} swarm operations answered as by a dockerd "
                  f"outside a swarm, {sum(1 for r in rows if r[3].startswith('no plugins'))} plugin operations "
                  f"answered as by a dockerd without plugins, {len(gaps)} not implemented.\n")
    for line in disagreements:
        print(line, file=sys.stderr)
    return 1 if disagreements else 0


HEADER = """# Docker Engine API coverage

Generated by `docs/tools/api-coverage.py` from `{swagger}` (the Engine API berth reports as its `ApiVersion`); do
not edit by hand, run the script again (`docs/tools/api-coverage.py --socket $BERTH_SOCKET` also checks a running
berth).

**berth** says whether berth serves the operation. It is read from the route definitions: the gateway answers
`/_ping`, `/version`, `/info`, `/system/df`, `/events`, and the swarm and plugin paths itself; every other path goes
to the service owning its first segment (`gateway/.../Owner.java`), and counts as served when a JAX-RS method
(`@Path` + `@GET`...) or a Vert.x route of that service matches its method and path. With `--socket` the script also
sends every read-only operation (GET, HEAD) and every swarm and plugin operation to a running berth, with made-up
names, and fails if one the sources call served answers like an unknown path (the gateway's 404 `page not found`,
a service's JAX-RS 404 or 405) or the other way round, or if a swarm or plugin operation does not answer the status
and message listed; it does not send operations that change state.

Swarm mode is off in berth: swarm operations answer what dockerd outside a swarm answers (503 with dockerd's
message), except the nodes' list, inspect and remove, which runtime-service serves from its node table. Plugins: berth has none, `GET /plugins` is an empty list.

**e2e tests** lists the classes under `e2e/src/test` that send the request: the script looks for the docker CLI
(or docker-java) commands that send it (`MARKERS` in the script; `docker run` counts for create, start, attach and
wait) or for the path in a raw HTTP request. A listed test exercises the operation; it may not check every
parameter.

"""

if __name__ == "__main__":
    sys.exit(main())
