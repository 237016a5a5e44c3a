"""Two small functions. The anti-pattern they replace: `resize` calling `notify` through the
Lambda Invoke API and waiting for it, paying for both while one waits, with nested timeouts
and retries. A workflow (or an asynchronous invoke with a destination) connects them instead.
"""
import json
import os


def resize(event, context):
    width = int(event.get("width", 1024))
    return {"image": event["image"], "thumbnail": event["image"].replace(".", "-thumb."),
            "width": min(width, 128), "uploader": event.get("uploader", "anonymous")}


def notify(event, context):
    # As a workflow step the event is resize's result; as an OnSuccess destination it is
    # Lambda's destination record, whose responsePayload is resize's result.
    result = event.get("responsePayload", event)
    folder = os.environ.get("NOTIFICATIONS", "notifications")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, result["uploader"] + ".json"), "w") as f:
        json.dump(result, f)
    return {"notified": result["uploader"], "thumbnail": result["thumbnail"]}
