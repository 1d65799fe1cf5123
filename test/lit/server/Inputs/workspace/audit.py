from bank import accounts_lock, audit_lock


def audit(accounts):
    with audit_lock:
        for account in accounts:
            with accounts_lock:
                account.audited = True
