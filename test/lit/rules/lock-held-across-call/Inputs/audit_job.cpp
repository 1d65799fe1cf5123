// Second translation unit of inversion.cpp's run: opposite orders.
#include "bank.h"

namespace bank {

void audit(std::vector<Account> &accounts) {
  std::lock_guard<std::mutex> audit(audit_mu);
  for (Account &a : accounts) {
    std::lock_guard<std::mutex> lock(accounts_mu);
    a.audited = true;
  }
}

void settleAll(std::vector<Account> &accounts) {
  std::lock_guard<std::mutex> a(accounts_mu);
  std::lock_guard<std::mutex> l(ledger_mu);
  for (Account &acc : accounts)
    acc.audited = false;
}

void Journal::replay(Ledger &ledger) {
  std::lock_guard<std::mutex> mine(mu_);
  std::lock_guard<std::mutex> theirs(ledger.mu_);
  for (long e : entries_)
    ledger.total_ += e;
}

} // namespace bank
