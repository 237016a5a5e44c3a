"""Functions the trigger-bus tests invoke."""
import json
import os


def echo(event, context):
    return {"echo": event, "function": context.function_name}


def fail(event, context):
    raise ValueError("bad input: " + json.dumps(event))


def save_token(event, context):
    """Stands for a worker that is handed a task token: it writes it where the test looks."""
    with open(event["path"], "w") as f:
        f.write(event["token"])
    return {"saved": True}


def trace(event, context):
    return {"trace": os.environ.get("_X_AMZN_TRACE_ID", "")}
