"""Fills one SQS queue of an Eddy with 1 KiB messages over one keep-alive connection, in batches of
10 (AWS JSON), until COUNT are stored or a send is refused. Usage: fill.py ENDPOINT COUNT [ALREADY]
Prints what happened on one line: how many messages the queue holds, the rate, and the refusal if any."""
import http.client, json, sys, time
from urllib.parse import urlparse

endpoint, count = urlparse(sys.argv[1]), int(sys.argv[2])
already = int(sys.argv[3]) if len(sys.argv) > 3 else 0
conn = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=60)

def call(op, body):
    conn.request("POST", "/", json.dumps(body), {"X-Amz-Target": "AmazonSQS." + op,
                                                  "Content-Type": "application/x-amz-json-1.0"})
    r = conn.getresponse()
    return r.status, json.loads(r.read() or b"{}")

status, created = call("CreateQueue", {"QueueName": "backlog"})
url = created["QueueUrl"]
body = "x" * 1024
sent, refused, start = already, None, time.time()
while sent < count and refused is None:
    entries = [{"Id": str(i), "MessageBody": body} for i in range(min(10, count - sent))]
    status, answer = call("SendMessageBatch", {"QueueUrl": url, "Entries": entries})
    if status != 200:
        refused = "%d %s: %s" % (status, answer.get("__type", "?").split("#")[-1], answer.get("message", ""))
        break
    sent += len(answer.get("Successful", []))
    if answer.get("Failed"):
        refused = "batch entries failed: %s" % answer["Failed"][0]
rate = (sent - already) / max(time.time() - start, 1e-9)
print("%d messages (%.0f msg/s)%s" % (sent, rate, "; then refused with " + refused if refused else ""))
