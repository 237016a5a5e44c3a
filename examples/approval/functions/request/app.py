"""Asks a manager to approve an expense.

A real application would send an e-mail or a chat message with two links that answer with
SendTaskSuccess or SendTaskFailure. Here the request is written to a file in the outbox folder
(the OUTBOX variable, relative to the function's folder unless absolute), which is what a
person, or a test, reads the task token from.
"""
import json
import os


def handler(event, context):
    outbox = os.environ.get("OUTBOX", "outbox")
    os.makedirs(outbox, exist_ok=True)
    expense = event["expense"]
    path = os.path.join(outbox, f"approval-{context.aws_request_id}.json")
    with open(path, "w") as f:
        json.dump({"expense": expense, "token": event["token"]}, f)
    print(f"approval requested for {expense.get('amount')} by {expense.get('employee')}: {path}")
    return {"requested": True}
