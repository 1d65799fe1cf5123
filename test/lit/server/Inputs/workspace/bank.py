import threading

accounts_lock = threading.Lock()
audit_lock = threading.Lock()


def deposit(account, amount):
    with accounts_lock:
        account.balance += amount
        with audit_lock:
            account.history.append(amount)
