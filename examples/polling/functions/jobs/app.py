"""A slow job and its status, standing in for a batch system or a third-party API.

The anti-pattern this replaces is one handler that starts the job and then loops
`while status != "DONE": time.sleep(5)`, paying for every second of waiting and dying at its
timeout. Here `start` returns at once and `check` answers one poll; the state machine waits.
"""
import json
import os
import time
import uuid


def _path(job_id):
    jobs = os.environ.get("JOBS_DIR", "jobs")
    os.makedirs(jobs, exist_ok=True)
    return os.path.join(jobs, job_id + ".json")


def start(event, context):
    job_id = str(uuid.uuid4())
    takes = float(event.get("takesSeconds", 3))
    with open(_path(job_id), "w") as f:
        json.dump({"readyAt": time.time() + takes, "rows": event.get("rows", 42)}, f)
    return {"jobId": job_id, "pollSeconds": int(event.get("pollSeconds", 1)), "polls": 0}


def check(event, context):
    with open(_path(event["jobId"])) as f:
        job = json.load(f)
    polls = event.get("polls", 0) + 1
    if time.time() < job["readyAt"]:
        return {**event, "status": "RUNNING", "polls": polls}
    return {**event, "status": "DONE", "polls": polls, "result": {"rows": job["rows"]}}
