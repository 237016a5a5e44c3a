"""Functions that call back into tern from inside an invocation, the way a function on AWS calls
Step Functions or writes to a stream, carrying its _X_AMZN_TRACE_ID (the AWS SDKs send it as the
X-Amzn-Trace-Id header)."""
import json
import os
import subprocess
import urllib.request

RUN = os.path.join(os.environ["LAMBDA_TASK_ROOT"], "..", "run")


def _config():
    with open(os.path.join(RUN, "config.json")) as f:
        return json.load(f)


def _record(kind, count):
    with open(os.path.join(RUN, "passes.jsonl"), "a") as f:
        f.write(json.dumps({"function": os.environ["AWS_LAMBDA_FUNCTION_NAME"], "kind": kind,
                            "count": count,
                            "trace": os.environ.get("_X_AMZN_TRACE_ID", "")}) + "\n")


def start_machine(event, context):
    """{"machine": NAME, "count": N, "limit": L?}: starts NAME with count N + 1 unless N
    reached the limit."""
    count = event.get("count", 0) + 1
    _record(event["machine"], count)
    if "limit" in event and count >= event["limit"]:
        return {"done": count}
    config = _config()
    body = {
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:" + event["machine"],
        "input": json.dumps(dict(event, count=count)),
    }
    request = urllib.request.Request(
        config["endpoint"] + "/", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/x-amz-json-1.0",
                 "X-Amz-Target": "AWSStepFunctions.StartExecution",
                 "X-Amzn-Trace-Id": os.environ.get("_X_AMZN_TRACE_ID", "")})
    with urllib.request.urlopen(request, timeout=30) as response:
        started = json.load(response)
    return {"count": count, "started": started["executionArn"]}


def put_record(event, context):
    """Kinesis event: puts {"count": N + 1} back on the stream with `tern stream put`."""
    import base64
    config = _config()
    for record in event["Records"]:
        count = json.loads(base64.b64decode(record["kinesis"]["data"]))["count"] + 1
        _record("stream", count)
        subprocess.run([config["tern"], "stream", "put", os.environ["STREAM"],
                        "--partition-key", "loop", "--data", json.dumps({"count": count}),
                        "--db", config["db"]], check=True, capture_output=True, timeout=30)
    return {}
