import acme


class Service:
    def __init__(self):
        self.log = acme.RingLog()
        self.negative = acme.RingLog(-1)
        self.bounded = acme.RingLog(100)
        self.inbox = acme.Mailbox()
        self.limited = acme.Mailbox(limit=10)

    def handle(self, event):
        self.log.push(event)
        self.negative.push(event)
        self.bounded.push(event)

    @acme.memo
    def lookup(self, key):
        return key
