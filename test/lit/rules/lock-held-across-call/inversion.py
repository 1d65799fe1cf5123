# Lock-order inversion across two files of one run.
# RUN: not %hazardlint check %s %S/Inputs/audit_job.py 2>&1 | FileCheck %s --check-prefix=CHECK-TEXT --implicit-check-not="[lock-held-across-call]"
# RUN: not %hazardlint check --jobs 1 --format json %s %S/Inputs/audit_job.py > %t.j1.json
# RUN: not %hazardlint check --jobs 4 --format json %S/Inputs/audit_job.py %s > %t.j4.json
# RUN: FileCheck %s --check-prefix=CHECK-JSON --input-file=%t.j1.json
# RUN: not %hazardlint check --jobs 3 --format json %s %S/Inputs/audit_job.py > %t.j3.json
# RUN: diff %t.j1.json %t.j3.json
# RUN: not %hazardlint check --format sarif %s %S/Inputs/audit_job.py > %t.sarif
# RUN: FileCheck %s --check-prefix=CHECK-SARIF --input-file=%t.sarif
# The result does not depend on the order files are given in.
# RUN: FileCheck %s --check-prefix=CHECK-JSON --input-file=%t.j4.json
# Files that feed the run-wide lock order are never served from the results
# cache, so a warm run still sees both sites.
# RUN: rm -rf %t.cache
# RUN: not %hazardlint check --jobs 1 --format json --cache-dir %t.cache %s %S/Inputs/audit_job.py > %t.cold.json
# RUN: not %hazardlint check --jobs 1 --format json --cache-dir %t.cache %s %S/Inputs/audit_job.py > %t.warm.json
# RUN: diff %t.j1.json %t.cold.json
# RUN: diff %t.j1.json %t.warm.json
import threading

accounts_lock = threading.Lock()
audit_lock = threading.RLock()
ledger_lock = threading.Lock()


def deposit(account, amount):
    with accounts_lock:
        account.balance += amount
        with audit_lock:
            # CHECK-TEXT: inversion.py:[[@LINE-1]]:14: warning: lock 'inversion.accounts_lock' is held across acquiring lock 'inversion.audit_lock'; elsewhere they are taken in the opposite order, which can deadlock; take locks in one global order [lock-held-across-call]
            # CHECK-TEXT: Inputs{{[/\\]}}audit_job.py:8:18: note: lock 'inversion.accounts_lock' is acquired here while 'inversion.audit_lock' is held
            account.history.append(amount)


def settle(account):
    # accounts -> ledger here and in audit_job.py: one order, no finding.
    with accounts_lock:
        with ledger_lock:
            account.settled = True


class Pair:
    def __init__(self):
        self._a = threading.Lock()
        self._b = threading.Lock()
        self.items = []

    def forward(self):
        with self._a, self._b:
            self.items.append(1)

    def backward(self):
        self._b.acquire()
        try:
            with self._a:
                # CHECK-TEXT: inversion.py:[[@LINE-1]]:18: warning: lock 'Pair._b' is held across acquiring lock 'Pair._a'; elsewhere they are taken in the opposite order, which can deadlock; take locks in one global order [lock-held-across-call]
                # CHECK-TEXT: inversion.py:[[#@LINE-8]]:23: note: lock 'Pair._b' is acquired here while 'Pair._a' is held
                self.items.pop()
        finally:
            self._b.release()


def local_locks():
    # Locks created per call have no stable name: no order is recorded.
    a = threading.Lock()
    b = threading.Lock()
    with a:
        with b:
            pass
    with b:
        with a:
            pass


# CHECK-JSON: "message": "lock 'inversion.accounts_lock' is held across acquiring lock 'inversion.audit_lock'; {{.*}}",
# CHECK-JSON: "path": "{{.*}}inversion.py",
# CHECK-JSON: "related": [
# CHECK-JSON: "column": 18,
# CHECK-JSON-NEXT: "line": 8
# CHECK-JSON: "message": "lock 'inversion.accounts_lock' is acquired here while 'inversion.audit_lock' is held",
# CHECK-JSON-NEXT: "path": "{{.*}}audit_job.py"
# CHECK-JSON: "message": "lock 'Pair._b' is held across acquiring lock 'Pair._a'; {{.*}}",
# CHECK-JSON: "message": "lock 'Pair._b' is acquired here while 'Pair._a' is held",

# CHECK-SARIF: "text": "lock 'inversion.accounts_lock' is held across acquiring lock 'inversion.audit_lock'; {{.*}}"
# CHECK-SARIF: "relatedLocations": [
# CHECK-SARIF: "text": "lock 'inversion.accounts_lock' is acquired here while 'inversion.audit_lock' is held"
# CHECK-SARIF: "uri": "{{.*}}audit_job.py"
# CHECK-SARIF: "startColumn": 18,
# CHECK-SARIF-NEXT: "startLine": 8
# CHECK-SARIF: "ruleId": "lock-held-across-call"
# CHECK-SARIF: "text": "lock 'Pair._b' is held across acquiring lock 'Pair._a'; {{.*}}"
# CHECK-SARIF: "relatedLocations": [
