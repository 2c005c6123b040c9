#!/usr/bin/env python3
"""bench/soak.py: issue 18's soak. N clients run a mixed Docker workload against one socket for M minutes (bounded in
time and in operations), a `docker events` follower runs beside them, and every 60 s each service's RSS, live heap
(after a GC) and open files are sampled. Before and after, the host and the platform are counted: mounts, network
namespaces, links, iptables rules, cgroups, conmon processes, containers/volumes/networks (API and database rows),
unpublished outbox rows, files under the data directory. Prints a Markdown report: operations, failures by message,
latencies, leaks (after - before: all must be 0) and the memory trend over the last 20 minutes.

  bench/soak.py [--minutes 30] [--clients 20] [--max-ops 200000]    (berth up; reads BERTH_RUN/BERTH_DATA)
Loopback only: the containers run busybox with --network none or on the soak's own networks; nothing leaves the host.
"""
import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

RUN = os.environ.get('BERTH_RUN', '/run/berth')
DATA = os.environ.get('BERTH_DATA', '/var/lib/berth')
PREFIX = os.environ.get('BERTH_NET_PREFIX', 'berth')
CHAINS = os.environ.get('BERTH_CHAIN_PREFIX', 'BERTH')
SOCK = os.environ.get('BERTH_SOCKET', RUN + '/docker.sock')
IMAGE = 'busybox:latest'


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, timeout=120):
        super().__init__('localhost', timeout=timeout)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(self.timeout)
        self.sock.connect(SOCK)


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(f'{status} {message}')
        self.status = status
        self.message = message


def call(method, path, body=None, timeout=120):
    c = UnixConnection(timeout)
    try:
        headers = {'Content-Type': 'application/json'} if body is not None else {}
        c.request(method, path, json.dumps(body) if body is not None else None, headers)
        r = c.getresponse()
        data = r.read()
        if r.status >= 400:
            try:
                message = json.loads(data).get('message', '')
            except ValueError:
                message = 'not Docker JSON: ' + data[:200].decode('utf-8', 'replace')
            raise ApiError(r.status, message)
        return json.loads(data) if data and r.getheader('Content-Type', '').startswith('application/json') else data
    finally:
        c.close()


def q(value):
    return urllib.parse.quote(json.dumps(value))


# ---- the workload: each operation creates what it needs under a soak- name and removes it again ----

def start_and_wait_removed(cid):
    """As the docker CLI's run --rm: the wait for removal is registered before the start (its answer's headers come
    at once, as dockerd's), so the exit is not missed."""
    c = UnixConnection()
    try:
        c.request('POST', f'/containers/{cid}/wait?condition=removed')
        r = c.getresponse()
        call('POST', f'/containers/{cid}/start')
        data = r.read()
        if r.status >= 400:
            raise ApiError(r.status, json.loads(data).get('message', ''))
    finally:
        c.close()


def op_run_rm(name):
    cid = call('POST', f'/containers/create?name={name}', {'Image': IMAGE, 'Cmd': ['true'],
               'HostConfig': {'AutoRemove': True, 'NetworkMode': 'none'}})['Id']
    start_and_wait_removed(cid)
    return [('container', cid)]


def op_detached_exec_logs(name):
    cid = call('POST', f'/containers/create?name={name}', {'Image': IMAGE, 'Cmd': ['sh', '-c', 'echo up; sleep 60'],
               'HostConfig': {'NetworkMode': 'none'}})['Id']
    try:
        call('POST', f'/containers/{cid}/start')
        eid = call('POST', f'/containers/{cid}/exec', {'Cmd': ['true'], 'AttachStdout': True})['Id']
        call('POST', f'/exec/{eid}/start', {'Detach': False, 'Tty': False})
        code = call('GET', f'/exec/{eid}/json')['ExitCode']
        if code != 0:
            raise ApiError(0, f'exec exit code {code}')
        call('GET', f'/containers/{cid}/logs?stdout=1&stderr=1')
    finally:
        call('DELETE', f'/containers/{cid}?force=1')
    return [('container', cid)]


def op_bridge_publish_stop(name):
    cid = call('POST', f'/containers/create?name={name}', {'Image': IMAGE, 'Cmd': ['sleep', '60'],
               'ExposedPorts': {'80/tcp': {}},
               'HostConfig': {'PortBindings': {'80/tcp': [{'HostIp': '127.0.0.1', 'HostPort': ''}]}}})['Id']
    try:
        call('POST', f'/containers/{cid}/start')
        call('POST', f'/containers/{cid}/stop?t=0')
        call('POST', f'/containers/{cid}/start')
    finally:
        call('DELETE', f'/containers/{cid}?force=1')
    return [('container', cid)]


def op_volume(name):
    call('POST', '/volumes/create', {'Name': name})
    cid = call('POST', f'/containers/create?name={name}', {'Image': IMAGE, 'Cmd': ['sh', '-c', 'echo x > /v/f'],
               'HostConfig': {'NetworkMode': 'none', 'Binds': [f'{name}:/v']}})['Id']
    try:
        call('POST', f'/containers/{cid}/start')
        call('POST', f'/containers/{cid}/wait')
    finally:
        call('DELETE', f'/containers/{cid}?force=1')
        call('DELETE', f'/volumes/{name}')
    return [('container', cid), ('volume', name)]


def op_network(name):
    nid = call('POST', '/networks/create', {'Name': name})['Id']
    try:
        cid = call('POST', f'/containers/create?name={name}', {'Image': IMAGE, 'Cmd': ['true'],
                   'HostConfig': {'NetworkMode': name, 'AutoRemove': True}})['Id']
        start_and_wait_removed(cid)
    finally:
        call('DELETE', f'/networks/{nid}')
    return [('container', cid), ('network', nid)]


def op_list(name):
    call('GET', '/containers/json?all=1')
    call('GET', '/images/json')
    call('GET', '/volumes')
    call('GET', '/networks')
    return []


OPERATIONS = [op_run_rm, op_detached_exec_logs, op_bridge_publish_stop, op_volume, op_network, op_list]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.ops = {}
        self.latencies = {}
        self.failures = {}
        self.created = []

    def record(self, op, seconds, failure, created):
        with self.lock:
            self.ops[op] = self.ops.get(op, 0) + 1
            self.latencies.setdefault(op, []).append(seconds)
            if failure:
                key = (op, re.sub(r'[0-9a-f]{12,64}', '<id>', re.sub(r'soak-[0-9-]+', '<name>', failure)))
                self.failures[key] = self.failures.get(key, 0) + 1
            self.created.extend(created)


def client(index, deadline, max_ops, tally):
    n = 0
    while time.time() < deadline and n < max_ops:
        op = OPERATIONS[(index + n) % len(OPERATIONS)]
        name = f'soak-{index}-{n}'
        start = time.time()
        failure, created = None, []
        try:
            created = op(name)
        except ApiError as e:
            failure = f'{e.status} {e.message}'
        except (OSError, http.client.HTTPException) as e:
            failure = f'{type(e).__name__}: {e}'
        tally.record(op.__name__, time.time() - start, failure, created)
        n += 1


def follow_events(stop, counts):
    while not stop.is_set():
        try:
            c = UnixConnection(timeout=None)
            c.request('GET', '/events')
            r = c.getresponse()
            counts['connects'] += 1
            for line in r:
                if stop.is_set():
                    break
                if line.strip():
                    counts['events'] += 1
        except (OSError, http.client.HTTPException):
            counts['errors'] += 1
            time.sleep(1)


# ---- what the platform holds ----

def platform_pids():
    pids = {}
    for f in os.listdir(f'{RUN}/pids') if os.path.isdir(f'{RUN}/pids') else []:
        if f.endswith('.pid'):
            pids[f[:-4]] = int(open(f'{RUN}/pids/{f}').read().split()[0])
    return pids


def status_kib(pid, field):
    for line in open(f'/proc/{pid}/status'):
        if line.startswith(field + ':'):
            return int(line.split()[1])
    return 0


def live_heap_mib(pid):
    try:
        subprocess.run(['jcmd', str(pid), 'GC.run'], capture_output=True, timeout=60)
        out = subprocess.run(['jcmd', str(pid), 'GC.heap_info'], capture_output=True, text=True, timeout=60).stdout
        # the heap's generations (Serial: "def new generation ... used NK", "tenured generation ..."; G1: "garbage-first
        # heap ... used NK"), not Metaspace nor class space
        used = [int(k) for k in re.findall(r'(?:generation|heap)\s+total \d+K, used (\d+)K', out)]
        return sum(used) / 1024 if used else float('nan')
    except (OSError, subprocess.TimeoutExpired):
        return float('nan')


def sample():
    out = {}
    for name, pid in platform_pids().items():
        try:
            out[name] = {'rss': status_kib(pid, 'VmRSS') / 1024, 'heap': live_heap_mib(pid),
                         'fds': len(os.listdir(f'/proc/{pid}/fd')), 'threads': status_kib(pid, 'Threads')}
        except OSError:
            pass
    return out


def lines(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()


def psql(database, sql):
    out = subprocess.run(['su', 'postgres', '-c', f'psql -X -At -h {RUN}/pg -p {os.environ.get("BERTH_PG_PORT", "5433")}'
                          f' -d {database} -c "{sql}"'], capture_output=True, text=True)
    return out.stdout.strip() or f'? {out.stderr.strip()[:80]}'


def ours(name):
    return name.startswith(PREFIX) and not re.match(re.escape(PREFIX) + r'[1-9]', name)


def count_files(top):
    n = 0
    for _, dirs, files in os.walk(top):
        n += len(dirs) + len(files)
    return n


def inventory():
    conmons = 0
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                if open(f'/proc/{p}/comm').read().strip() == 'conmon' and DATA + '/' in open(
                        f'/proc/{p}/cmdline').read().replace('\0', ' '):
                    conmons += 1
            except OSError:
                pass
    cgroups = 0
    for controller in os.listdir('/sys/fs/cgroup'):
        top = f'/sys/fs/cgroup/{controller}/{PREFIX}'
        if os.path.isdir(top) and not os.path.islink(f'/sys/fs/cgroup/{controller}'):
            cgroups += sum(len(d) for _, d, _ in os.walk(top))
    inv = {
        'mounts': sum(1 for m in open('/proc/self/mountinfo') if DATA + '/' in m or RUN + '/' in m),
        'network namespaces': sum(1 for n in (os.listdir('/run/netns') if os.path.isdir('/run/netns') else [])
                                  if n.startswith(PREFIX + '-')),
        'links': sum(1 for line in lines(['ip', '-o', 'link']) if ours(line.split(': ')[1].split('@')[0])),
        'iptables rules': sum(1 for line in lines(['iptables-save']) + lines(['ip6tables-save'])
                              if line.startswith('-A') and CHAINS in line),
        'cgroups': cgroups,
        'conmon processes': conmons,
        'containers (API)': len(call('GET', '/containers/json?all=1')),
        'volumes (API)': len(call('GET', '/volumes')['Volumes'] or []),
        'networks (API)': len(call('GET', '/networks')),
        'containers (rows)': psql('berth_runtime', 'select count(*) from container'),
        'volumes (rows)': psql('berth_volume', 'select count(*) from volume'),
        'networks (rows)': psql('berth_network', 'select count(*) from network'),
        'unpublished outbox rows': sum(int(psql(db, 'select count(*) from outbox where published_at is null') or 0)
                                       for db in ('berth_runtime', 'berth_volume', 'berth_network', 'berth_image')),
        f'files under {DATA}/runtime/containers': count_files(f'{DATA}/runtime/containers'),
        f'files under {DATA}/runtime/removed': count_files(f'{DATA}/runtime/removed'),
        f'files under {DATA}/volumes': count_files(f'{DATA}/volumes'),
        f'files under {RUN}': count_files(RUN),
    }
    return inv


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(p * len(s)))] if s else float('nan')


def slope_per_10min(points):
    """Least-squares slope of (t, v) in units per 10 minutes."""
    pts = [(t, v) for t, v in points if v == v]
    if len(pts) < 3:
        return float('nan')
    n = len(pts)
    mt = sum(t for t, _ in pts) / n
    mv = sum(v for _, v in pts) / n
    den = sum((t - mt) ** 2 for t, _ in pts)
    return sum((t - mt) * (v - mv) for t, v in pts) / den * 600 if den else float('nan')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--minutes', type=float, default=30)
    ap.add_argument('--clients', type=int, default=20)
    ap.add_argument('--max-ops', type=int, default=200000, help='per client')
    ap.add_argument('--settle', type=float, default=15, help='seconds between the end and the leak count')
    args = ap.parse_args()

    call('POST', f'/images/create?fromImage={IMAGE}') if not any(
        IMAGE in (i.get('RepoTags') or []) for i in call('GET', '/images/json')) else None
    before = inventory()
    started = time.time()
    deadline = started + args.minutes * 60
    tally = Tally()
    stop = threading.Event()
    events = {'connects': 0, 'events': 0, 'errors': 0}
    threading.Thread(target=follow_events, args=(stop, events), daemon=True).start()
    threads = [threading.Thread(target=client, args=(i, deadline, args.max_ops, tally)) for i in range(args.clients)]
    for t in threads:
        t.start()
    samples = []
    while any(t.is_alive() for t in threads):
        samples.append((time.time() - started, sample()))
        print(f'# {time.time() - started:6.0f} s: {sum(tally.ops.values())} operations, '
              f'{sum(tally.failures.values())} failed', file=sys.stderr, flush=True)
        for _ in range(60):
            if not any(t.is_alive() for t in threads):
                break
            time.sleep(1)
    for t in threads:
        t.join()
    elapsed = time.time() - started
    time.sleep(args.settle)
    stop.set()
    samples.append((time.time() - started, sample()))
    after = inventory()
    leftovers = [n for n in (c['Names'][0] for c in call('GET', '/containers/json?all=1')) if n.startswith('/soak-')]
    leftovers += [v['Name'] for v in call('GET', '/volumes')['Volumes'] or [] if v['Name'].startswith('soak-')]
    leftovers += [n['Name'] for n in call('GET', '/networks') if n['Name'].startswith('soak-')]

    print(f'## Soak: {args.clients} clients, {elapsed / 60:.1f} minutes ({time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})\n')
    print('| operation | issued | failed | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|')
    for op in sorted(tally.ops):
        failed = sum(v for (o, _), v in tally.failures.items() if o == op)
        lat = tally.latencies[op]
        print(f'| {op[3:]} | {tally.ops[op]} | {failed} | {percentile(lat, .5) * 1000:.0f} | '
              f'{percentile(lat, .99) * 1000:.0f} | {max(lat) * 1000:.0f} |')
    print(f'\nevents followed: {events["events"]} (connections {events["connects"]}, errors {events["errors"]})\n')
    if tally.failures:
        print('| failure | count |\n|---|---|')
        for (op, message), count in sorted(tally.failures.items(), key=lambda x: -x[1]):
            print(f'| {op[3:]}: {message[:160]} | {count} |')
        print()
    print('| resource | before | after | leaked |\n|---|---|---|---|')
    for key in before:
        b, a = before[key], after[key]
        leaked = (int(a) - int(b)) if str(a).lstrip('-').isdigit() and str(b).lstrip('-').isdigit() else '?'
        print(f'| {key} | {b} | {a} | {leaked} |')
    print(f'| soak objects left (containers, volumes, networks) | 0 | {len(leftovers)} | {len(leftovers)} |\n')
    window = [(t, s) for t, s in samples if t >= elapsed - 20 * 60]
    print('| service | RSS MiB first → last | RSS trend MiB/10 min (last 20 min) | live heap MiB first → last | '
          'heap trend MiB/10 min | fds first → last | threads first → last |\n|---|---|---|---|---|---|---|')
    for name in sorted(samples[0][1]):
        def series(field, pts=samples):
            return [(t, s[name][field]) for t, s in pts if name in s]
        rss, heap, fds, thr = series('rss'), series('heap'), series('fds'), series('threads')
        print(f'| {name} | {rss[0][1]:.0f} → {rss[-1][1]:.0f} | {slope_per_10min(series("rss", window)):+.1f} | '
              f'{heap[0][1]:.0f} → {heap[-1][1]:.0f} | {slope_per_10min(series("heap", window)):+.1f} | '
              f'{fds[0][1]} → {fds[-1][1]} | {thr[0][1]} → {thr[-1][1]} |')


if __name__ == '__main__':
    main()
