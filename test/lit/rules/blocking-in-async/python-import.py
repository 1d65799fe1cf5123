# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[blocking-in-async]"
# Without asyncio imported every fix is unsafe and adds the import.
# RUN: cp %s %t.safe.py
# RUN: not %hazardlint check --fix --select blocking-in-async %t.safe.py
# RUN: diff %s %t.safe.py
# RUN: cp %s %t.py
# RUN: %hazardlint check --fix --select blocking-in-async --unsafe-fixes %t.py
# RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.py
# RUN: cp %t.py %t.once.py
# RUN: %hazardlint check --fix --select blocking-in-async --unsafe-fixes %t.py
# RUN: diff %t.once.py %t.py
# RUN: %python -m py_compile %t.py
from __future__ import annotations

# CHECK-FIXES: {{^}}import asyncio{{$}}
# CHECK-FIXES-NEXT: {{^}}import time{{$}}
import time
from subprocess import check_call as sh


async def poll(flag) -> None:
    while not flag.is_set():
        time.sleep(0.1)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call 'time.sleep' inside 'async def poll'{{.*}}[blocking-in-async]
        # CHECK-FIXES: {{^}}        await asyncio.sleep(0.1){{$}}
    sh(
        ["true"],
    )
    # CHECK-MESSAGES: :[[@LINE-3]]:5: warning: blocking call 'subprocess.check_call'{{.*}}[blocking-in-async]
    # CHECK-FIXES: {{^}}    await asyncio.to_thread(sh, {{$}}
    # CHECK-FIXES-NEXT: {{^}}        ["true"],{{$}}
    # CHECK-FIXES-NEXT: {{^}}    ){{$}}
