# Exits during INIT (module import), before calling /next.
import os
print("init_crash: exiting during init")
os._exit(5)
