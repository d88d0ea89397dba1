#!/usr/bin/env python3
"""Eddy's fault suite: the scenarios of docs/reliability.md, each against a freshly started Eddy
(the jar in target/quarkus-app, started as the README starts it), on loopback only.

usage: faults/run [--short] [--scenarios a,b] [--out DIR]
  --short      the CI form: smaller counts, same checks (./mvnw verify runs it)
  --scenarios  comma-separated, from: memory, queues, kill9, redis-restart, slow-subscriber,
               dead-subscriber, replica-killed-fifo, longpolls
Prints one line per scenario (PASS/FAIL, what it measured) and writes results.tsv under --out
(default target/faults/<date-time>). Exits non-zero when a scenario fails.
"""
import argparse
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(REPO, "target", "quarkus-app", "quarkus-run.jar")
# The JVM options of the README's run command and of the image: G1 collects when idle and hands
# the freed heap back to the system.
JVM_OPTS = ["-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=15000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"]


def log(message):
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Eddy:
    """One Eddy process; SQS over the JSON protocol with a short-lived connection per thread."""

    def __init__(self, out, name, env=None):
        self.port = free_port()
        self.log = open(os.path.join(out, f"{name}.log"), "ab")
        environment = dict(os.environ, QUARKUS_HTTP_PORT=str(self.port), **(env or {}))
        self.process = subprocess.Popen(["java", *JVM_OPTS, "-jar", JAR], stdout=self.log, stderr=self.log,
                                        env=environment, cwd=REPO)
        self.local = threading.local()
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                self.call("ListQueues", {})
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"Eddy exited with {self.process.returncode}; see {self.log.name}")
                time.sleep(0.2)
        raise RuntimeError("Eddy did not answer within 90 s")

    def connection(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.local.conn

    def request(self, method, path, body=None, headers=None):
        """One request; returns (status, body bytes). Reconnects once if the connection was dropped."""
        for attempt in (0, 1):
            conn = self.connection()
            try:
                conn.request(method, path, body=body, headers=headers or {})
                response = conn.getresponse()
                return response.status, response.read()
            except (ConnectionError, http.client.HTTPException):
                self.local.conn = None
                if attempt:
                    raise

    def call(self, action, payload):
        status, body = self.request("POST", "/", json.dumps(payload), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS." + action})
        result = json.loads(body) if body else {}
        if status != 200:
            raise AwsError(status, result)
        return result

    def queue(self, name, **attributes):
        return self.call("CreateQueue", {"QueueName": name, "Attributes": attributes})["QueueUrl"]

    def rss(self):
        return rss_mib(self.process.pid)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


class AwsError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status


class Redis:
    """A redis-server of its own, with an append-only file so a restart keeps what it acknowledged."""

    def __init__(self, out):
        self.port = free_port()
        self.dir = os.path.join(out, f"redis-{self.port}")
        os.makedirs(self.dir, exist_ok=True)
        self.start()

    def start(self):
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--dir", self.dir, "--appendonly", "yes", "--appendfsync", "always",
                                         "--save", ""], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"


def run_threads(count, work):
    """Runs work(i) on count threads; returns the first exception any raised, or None."""
    errors = []

    def body(i):
        try:
            work(i)
        except Exception as e:  # noqa: BLE001 - reported to the scenario
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors[0] if errors else None


def send_batches(eddy, url, total, body, threads=4):
    def work(i):
        for start in range(i * 10, total, threads * 10):
            entries = [{"Id": str(n), "MessageBody": body} for n in range(start, min(start + 10, total))]
            eddy.call("SendMessageBatch", {"QueueUrl": url, "Entries": entries})
    error = run_threads(threads, work)
    if error:
        raise error


def drain(eddy, url, expected=None, idle_polls=3, wait=1):
    """Receives and deletes until empty; returns the bodies received (duplicates included)."""
    bodies = []
    idle = 0
    while idle < idle_polls and (expected is None or len(set(bodies)) < expected):
        messages = eddy.call("ReceiveMessage", {"QueueUrl": url, "MaxNumberOfMessages": 10,
                                                "WaitTimeSeconds": wait}).get("Messages", [])
        if not messages:
            idle += 1
            continue
        idle = 0
        bodies.extend(m["Body"] for m in messages)
        eddy.call("DeleteMessageBatch", {"QueueUrl": url, "Entries": [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]})
    return bodies


# ---- scenarios ---------------------------------------------------------------------------------

def memory(out, short):
    """RSS falls back after a load: send and drain a backlog, then watch the idle process."""
    total = 20_000 if short else 100_000
    eddy = Eddy(out, "memory")
    try:
        idle = eddy.rss()
        url = eddy.queue("memory")
        send_batches(eddy, url, total, "x" * 1024)
        loaded = eddy.rss()
        received = len(drain(eddy, url))
        drained = eddy.rss()
        settle = 40 if short else 90
        samples = []
        for _ in range(settle // 5):
            time.sleep(5)
            samples.append(round(eddy.rss()))
        final = samples[-1]
        peak = max(loaded, drained)
        ok = received >= total and final <= idle + (peak - idle) * 0.5
        detail = (f"{total:,} x 1 KiB sent and {received:,} drained; RSS idle {idle:.0f} MiB, after sending "
                  f"{loaded:.0f}, drained {drained:.0f}, then every 5 s {samples} MiB")
        if not short:
            big = eddy.queue("memory-big")
            for _ in range(200):
                eddy.call("SendMessage", {"QueueUrl": big, "MessageBody": "y" * (1024 * 1024 - 100)})
            loaded_big = eddy.rss()
            received_big = len(drain(eddy, big))
            big_samples = []
            for _ in range(settle // 5):
                time.sleep(5)
                big_samples.append(round(eddy.rss()))
            ok = ok and received_big == 200 and big_samples[-1] <= samples[-1] + (loaded_big - samples[-1]) * 0.5
            detail += (f"; 200 x 1 MiB: RSS {loaded_big:.0f} MiB sent, {received_big} drained, then every 5 s "
                       f"{big_samples} MiB")
        return ok, detail
    finally:
        eddy.stop()


def queues(out, short):
    """10,000 queues: every listing answers in under a second."""
    count = 2_000 if short else 10_000
    eddy = Eddy(out, "queues")
    try:
        prefix = "many-"

        def work(i):
            for n in range(i, count, 8):
                eddy.queue(f"{prefix}{n:05d}")
        error = run_threads(8, work)
        if error:
            raise error
        timings = {}
        start = time.time()
        pages, token = 0, None
        while True:
            payload = {"MaxResults": 1000, "QueueNamePrefix": prefix}
            if token:
                payload["NextToken"] = token
            page = eddy.call("ListQueues", payload)
            pages += 1
            token = page.get("NextToken")
            if not token:
                break
        timings["ListQueues (each page of 1,000)"] = (time.time() - start) / pages
        start = time.time()
        listed = eddy.call("ListQueues", {"QueueNamePrefix": prefix})
        timings["ListQueues (unpaginated)"] = time.time() - start
        start = time.time()
        status, body = eddy.request("GET", "/_eddy/queues")
        timings["GET /_eddy/queues"] = time.time() - start
        admin = len(json.loads(body)["queues"]) if status == 200 else -1
        ok = admin == count and all(t < 1.0 for t in timings.values()) and len(listed.get("QueueUrls", [])) > 0
        return ok, f"{count:,} queues; " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()) + \
            f"; the admin listing showed {admin:,}"
    finally:
        eddy.stop()


def acknowledged_sends(eddy_ref, url, seconds, threads=4):
    """Sends for `seconds` from several threads; returns the bodies whose SendMessage was answered 200."""
    acked, stop = [], time.time() + seconds
    lock = threading.Lock()

    def work(i):
        n = 0
        while time.time() < stop:
            body = f"t{i}-{n}"
            n += 1
            try:
                eddy_ref[0].call("SendMessage", {"QueueUrl": url, "MessageBody": body})
                with lock:
                    acked.append(body)
            except (OSError, AwsError, http.client.HTTPException, json.JSONDecodeError):
                time.sleep(0.05)  # Eddy or Redis is down: not acknowledged, so not owed
    run_threads(threads, work)
    return acked


def kill9(out, short):
    """kill -9 under load on the Redis store: every acknowledged message is there after a restart."""
    redis = Redis(out)
    env = {"EDDY_STORE": "redis", "QUARKUS_REDIS_HOSTS": redis.url}
    rounds = 1 if short else 3
    eddy = [Eddy(out, "kill9", env)]
    try:
        url = eddy[0].queue("kill9")
        acked = []
        for _ in range(rounds):
            sender = threading.Thread(target=lambda: acked.extend(acknowledged_sends(eddy, url, 6)))
            sender.start()
            time.sleep(3)
            eddy[0].kill()
            eddy[0].log.close()
            eddy[0] = Eddy(out, "kill9", env)
            sender.join()
        received = set(drain(eddy[0], url))
        missing = [b for b in acked if b not in received]
        return not missing and acked, (f"{rounds} kill -9 under load: {len(acked):,} sends acknowledged, "
                                       f"{len(missing)} missing after restart")
    finally:
        eddy[0].stop()
        redis.stop()


def redis_restart(out, short):
    """Redis restarted under load: 503s while it is away, then every acknowledged message is there."""
    redis = Redis(out)
    env = {"EDDY_STORE": "redis", "QUARKUS_REDIS_HOSTS": redis.url}
    eddy = [Eddy(out, "redis-restart", env)]
    try:
        url = eddy[0].queue("restart")
        acked = []
        sender = threading.Thread(target=lambda: acked.extend(acknowledged_sends(eddy, url, 8)))
        sender.start()
        time.sleep(2)
        redis.stop()
        start = time.time()
        try:
            eddy[0].call("SendMessage", {"QueueUrl": url, "MessageBody": "during"})
            outage = "a send was acknowledged with Redis down"
        except AwsError as e:
            outage = f"answered {e.status} in {(time.time() - start) * 1000:.0f} ms while Redis was down"
        time.sleep(2)
        redis.start()
        sender.join()
        received = set(drain(eddy[0], url))
        missing = [b for b in acked if b not in received]
        ok = not missing and acked and "503" in outage
        return ok, f"{len(acked):,} sends acknowledged, {len(missing)} missing; {outage}"
    finally:
        eddy[0].stop()
        redis.stop()


def slow_subscriber(out, short):
    """An HTTP subscriber taking 1 s per POST with 2 connections, and a function as slow: every
    message arrives, none dropped."""
    count = 20 if short else 100
    got, confirmations, invoked = [], [], []

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if body.get("Type") == "Notification":
                time.sleep(1)
                got.append(body["Message"])
            elif "Records" in body:
                time.sleep(1)
                invoked.append(body["Records"][0]["Sns"]["Message"])
            else:
                confirmations.append(body)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    eddy = Eddy(out, "slow-subscriber", {"EDDY_SNS_HTTP_TIMEOUT": "3s", "EDDY_SNS_HTTP_CONNECTIONS_PER_HOST": "2"})
    try:
        def sns(action, **params):
            form = urllib.parse.urlencode({"Action": action, "Version": "2010-03-31", **params})
            status, body = eddy.request("POST", "/", form, {"Content-Type": "application/x-www-form-urlencoded"})
            if status != 200:
                raise AwsError(status, body)
            return body.decode()
        topic = sns("CreateTopic", Name="slow").split("<TopicArn>")[1].split("<")[0]
        # A function at the same slow URL, subscribed too: its invocations go through the same wait.
        status, body = eddy.request("POST", "/_eddy/functions", json.dumps(
            {"name": "slow-function", "url": f"http://127.0.0.1:{server.server_port}/"}),
            {"Content-Type": "application/json"})
        sns("Subscribe", TopicArn=topic, Protocol="lambda", Endpoint=json.loads(body)["FunctionArn"])
        sns("Subscribe", TopicArn=topic, Protocol="http", Endpoint=f"http://127.0.0.1:{server.server_port}/",
            **{"Attributes.entry.1.key": "DeliveryPolicy",
               "Attributes.entry.1.value": '{"healthyRetryPolicy":{"numRetries":0,"minDelayTarget":1}}'})
        deadline = time.time() + 10
        while not confirmations and time.time() < deadline:
            time.sleep(0.1)
        sns("ConfirmSubscription", TopicArn=topic, Token=confirmations[0]["Token"])
        start = time.time()
        for i in range(count):
            sns("Publish", TopicArn=topic, Message=f"m{i}")
        deadline = time.time() + count + 30
        while (len(got) < count or len(set(invoked)) < count) and time.time() < deadline:
            time.sleep(0.2)
        took = time.time() - start
        expected = sorted(f"m{i}" for i in range(count))
        ok = sorted(set(got)) == expected and len(got) == count and sorted(set(invoked)) == expected
        return ok, (f"{count} messages to a 1 s subscriber over 2 connections, no retries allowed: {len(set(got))} "
                    f"delivered ({len(got)} POSTs) in {took:.0f} s; to a 1 s function subscribed too: "
                    f"{len(set(invoked))} invoked ({len(invoked)} invocations)")
    finally:
        eddy.stop()
        server.shutdown()


def sns_call(eddy, action, **params):
    form = urllib.parse.urlencode({"Action": action, "Version": "2010-03-31", **params})
    status, body = eddy.request("POST", "/", form, {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise AwsError(status, body)
    return body.decode()


def dead_subscriber(out, short):
    """An HTTP subscriber and a function nobody listens for: retried as their policies say, then
    dead-lettered, never dropped early; memory stays bounded."""
    count = 20 if short else 200
    eddy = Eddy(out, "dead-subscriber")
    try:
        dead = f"http://127.0.0.1:{free_port()}/"
        dlq = eddy.queue("dead-dlq")
        dlq_arn = eddy.call("GetQueueAttributes", {"QueueUrl": dlq, "AttributeNames": ["QueueArn"]})[
            "Attributes"]["QueueArn"]
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn})
        topic = sns_call(eddy, "CreateTopic", Name="dead").split("<TopicArn>")[1].split("<")[0]
        status, body = eddy.request("POST", "/_eddy/functions", json.dumps({"name": "dead-function", "url": dead}),
                                    {"Content-Type": "application/json"})
        function_arn = json.loads(body)["FunctionArn"]
        sns_call(eddy, "Subscribe", TopicArn=topic, Protocol="lambda", Endpoint=function_arn,
                 **{"Attributes.entry.1.key": "RedrivePolicy", "Attributes.entry.1.value": redrive})
        # HTTP subscriptions must confirm, and a dead endpoint never will: deliver through a function
        # and through an HTTP subscription confirmed by token from a live endpoint that then dies.
        confirmations = []

        class Once(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                confirmations.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass
        live = http.server.HTTPServer(("127.0.0.1", 0), Once)
        threading.Thread(target=live.handle_request, daemon=True).start()
        policy = '{"healthyRetryPolicy":{"numRetries":2,"minDelayTarget":1,"maxDelayTarget":1}}'
        sns_call(eddy, "Subscribe", TopicArn=topic, Protocol="http", Endpoint=f"http://127.0.0.1:{live.server_port}/",
                 **{"Attributes.entry.1.key": "RedrivePolicy", "Attributes.entry.1.value": redrive,
                    "Attributes.entry.2.key": "DeliveryPolicy", "Attributes.entry.2.value": policy})
        deadline = time.time() + 10
        while not confirmations and time.time() < deadline:
            time.sleep(0.1)
        live.server_close()
        sns_call(eddy, "ConfirmSubscription", TopicArn=topic, Token=confirmations[0]["Token"])
        start = time.time()
        for i in range(count):
            sns_call(eddy, "Publish", TopicArn=topic, Message=f"m{i}")
        rss = [eddy.rss()]
        letters = []
        first = None
        deadline = time.time() + 60
        while len(letters) < 2 * count and time.time() < deadline:
            messages = eddy.call("ReceiveMessage", {"QueueUrl": dlq, "MaxNumberOfMessages": 10,
                                                    "WaitTimeSeconds": 1}).get("Messages", [])
            if messages and first is None:
                first = time.time() - start
            for m in messages:
                letters.append(m["Body"])
                eddy.call("DeleteMessage", {"QueueUrl": dlq, "ReceiptHandle": m["ReceiptHandle"]})
            rss.append(eddy.rss())
        # The function is tried 3 times (0, 1, 2 s apart); the HTTP endpoint 3 times 1 s apart.
        ok = len(letters) == 2 * count and first is not None and first >= 2.0
        return ok, (f"{count} messages to a dead function and a dead HTTP endpoint: {len(letters)} of {2 * count} "
                    f"dead-lettered, the first after {first or 0:.1f} s (the policies' retries take 2 s at least); "
                    f"RSS {min(rss):.0f}-{max(rss):.0f} MiB")
    finally:
        eddy.stop()


def replica_killed_fifo(out, short):
    """Two replicas on Redis draining a FIFO queue, one killed -9 mid-drain: every acknowledged
    message is received, and each group's first receipts keep the order they were sent in."""
    count = 600 if short else 3000
    redis = Redis(out)
    env = {"EDDY_STORE": "redis", "QUARKUS_REDIS_HOSTS": redis.url}
    a, b = Eddy(out, "fifo-a", env), Eddy(out, "fifo-b", env)
    try:
        url = a.queue("drain.fifo", FifoQueue="true", ContentBasedDeduplication="true", VisibilityTimeout="3")
        groups = 6
        for start in range(0, count, 10):
            entries = [{"Id": str(n), "MessageBody": f"{n % groups}:{n}", "MessageGroupId": f"g{n % groups}"}
                       for n in range(start, min(start + 10, count))]
            a.call("SendMessageBatch", {"QueueUrl": url, "Entries": entries})
        seen, order = set(), {}
        lock = threading.Lock()
        stop = threading.Event()

        def consume(replica):
            idle = 0
            while not stop.is_set() and idle < 4:
                try:
                    messages = replica.call("ReceiveMessage", {"QueueUrl": url, "MaxNumberOfMessages": 10,
                                                               "WaitTimeSeconds": 1}).get("Messages", [])
                except (OSError, AwsError, http.client.HTTPException, json.JSONDecodeError):
                    return  # this replica is gone
                idle = 0 if messages else idle + 1
                with lock:
                    for m in messages:
                        if m["Body"] not in seen:
                            seen.add(m["Body"])
                            group, n = m["Body"].split(":")
                            order.setdefault(group, []).append(int(n))
                try:
                    if messages:
                        replica.call("DeleteMessageBatch", {"QueueUrl": url, "Entries": [
                            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]})
                except (OSError, AwsError, http.client.HTTPException, json.JSONDecodeError):
                    return
        threads = [threading.Thread(target=consume, args=(r,)) for r in (a, a, b, b)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        a.kill()
        for t in threads:
            t.join(120)
        stop.set()
        missing = count - len(seen)
        disordered = [g for g, ns in order.items() if ns != sorted(ns)]
        ok = missing == 0 and not disordered
        return ok, (f"{count:,} FIFO messages in {groups} groups, replica A killed after 1.5 s: {len(seen):,} received "
                    f"({missing} missing), groups out of order: {disordered or 'none'}")
    finally:
        a.stop()
        b.stop()
        redis.stop()


def redis_commands(redis):
    with socket.create_connection(("127.0.0.1", redis.port), 2) as s:
        s.sendall(b"INFO stats\r\n")
        data = b""
        while b"total_commands_processed" not in data or not data.endswith(b"\r\n"):
            data += s.recv(65536)
    for line in data.decode().splitlines():
        if line.startswith("total_commands_processed:"):
            return int(line.split(":")[1])
    return 0


def longpolls_on(out, short, store):
    """Many receives waiting on one queue; one send. Returns (ok, detail)."""
    polls = 500 if short else 2000
    redis = Redis(out) if store == "redis" else None
    env = {"EDDY_STORE": "redis", "QUARKUS_REDIS_HOSTS": redis.url} if redis else {}
    eddy = Eddy(out, f"longpolls-{store}", env)
    stop = threading.Event()
    got, late = [], []
    try:
        url = eddy.queue("waiting")
        eddy.queue("unrelated")

        def poll(i):
            time.sleep(3.0 * i / polls)  # started over 3 s, as clients arrive, not all in one instant
            while not stop.is_set():
                start = time.time()
                try:
                    messages = eddy.call("ReceiveMessage", {"QueueUrl": url, "WaitTimeSeconds": 10}).get("Messages", [])
                except (OSError, AwsError, http.client.HTTPException):
                    continue
                took = time.time() - start
                if messages:
                    got.append((time.time(), messages[0]["Body"]))
                elif not stop.is_set():
                    late.append(took - 10)

        threads = [threading.Thread(target=poll, args=(i,), daemon=True) for i in range(polls)]
        for t in threads:
            t.start()
        time.sleep(4)  # every poll is waiting; none comes round before its wait of 10 s ends

        def unrelated():
            timings = []
            for _ in range(10):
                start = time.time()
                eddy.call("ListQueues", {"QueueNamePrefix": "unrelated"})
                timings.append(time.time() - start)
            return max(timings)
        # A second without a send (Eddy's own scans) is the baseline the send's second is compared with.
        baseline = redis_commands(redis) if redis else 0
        time.sleep(1)
        baseline = (redis_commands(redis) - baseline) if redis else 0
        commands = redis_commands(redis) if redis else 0
        sent = time.time()
        eddy.call("SendMessage", {"QueueUrl": url, "MessageBody": "wake"})
        listing = unrelated()
        time.sleep(1 - (time.time() - sent) if time.time() - sent < 1 else 0)
        commands = (redis_commands(redis) - commands - baseline) if redis else None
        time.sleep(9)  # the polls not woken end their 10 s waits, over 3 s
        stop.set()
        wake = (got[0][0] - sent) * 1000 if got else None
        worst_late = max(late) if late else 0
        ok = (wake is not None and wake < 500 and listing < 0.2 and worst_late < 1.0
              and (commands is None or commands < 100))
        detail = (f"{store}: {polls} polls; woken in {wake:.0f} ms" if wake is not None else f"{store}: not woken") + \
            (f", {commands} Redis commands in the second after the send beyond a second without one ({baseline})"
             if commands is not None else "") + \
            f", unrelated ListQueues at most {listing * 1000:.0f} ms, empty polls at most {worst_late * 1000:.0f} ms late"
        return ok, detail
    finally:
        stop.set()
        eddy.stop()
        if redis:
            redis.stop()


def longpolls(out, short):
    """Many long polls on one queue, on each store: one send wakes about one, quickly and cheaply."""
    results = [longpolls_on(out, short, store) for store in ("memory", "redis")]
    return all(ok for ok, _ in results), "; ".join(detail for _, detail in results)


SCENARIOS = {"memory": memory, "queues": queues, "kill9": kill9, "redis-restart": redis_restart,
             "slow-subscriber": slow_subscriber, "dead-subscriber": dead_subscriber,
             "replica-killed-fifo": replica_killed_fifo, "longpolls": longpolls}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--out")
    args = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"faults/run: {JAR} is missing: run ./mvnw package -DskipTests first")
    names = [n for n in args.scenarios.split(",") if n]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        sys.exit(f"faults/run: unknown scenarios {unknown}; known: {list(SCENARIOS)}")
    if any(n in ("kill9", "redis-restart", "replica-killed-fifo", "longpolls") for n in names) and not shutil.which("redis-server"):
        log("installing redis-server")
        subprocess.run("apt-get update -qq && apt-get install -y -qq redis-server", shell=True, check=True,
                       stdout=subprocess.DEVNULL)
    out = args.out or os.path.join(REPO, "target", "faults", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out, exist_ok=True)
    failed = 0
    with open(os.path.join(out, "results.tsv"), "w") as results:
        for name in names:
            log(f"{name}: {SCENARIOS[name].__doc__}")
            start = time.time()
            try:
                ok, detail = SCENARIOS[name](out, args.short)
            except Exception as e:  # noqa: BLE001 - a scenario that breaks has failed
                ok, detail = False, f"broke: {e!r}"
            verdict = "PASS" if ok else "FAIL"
            failed += not ok
            line = f"{verdict}\t{name}\t{time.time() - start:.0f}s\t{detail}"
            print(line, flush=True)
            results.write(line + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
