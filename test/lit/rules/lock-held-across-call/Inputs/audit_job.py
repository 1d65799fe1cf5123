# Second file of inversion.py's run: takes the locks in the opposite order.
from inversion import accounts_lock, audit_lock, ledger_lock


def audit(accounts):
    with audit_lock:
        for account in accounts:
            with accounts_lock:
                account.audited = True


def settle_all(accounts):
    with accounts_lock:
        with ledger_lock:
            for account in accounts:
                account.settled = True
