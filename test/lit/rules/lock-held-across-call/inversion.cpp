// Lock-order inversion across two translation units of one CLI run.
// RUN: not %hazardlint check %s %S/Inputs/audit_job.cpp -- -std=c++17 -I%S/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-TEXT --implicit-check-not="lock-held-across-call]"
// RUN: not %hazardlint check --jobs 1 --format json %s %S/Inputs/audit_job.cpp -- -std=c++17 -I%S/Inputs > %t.j1.json
// RUN: not %hazardlint check --jobs 2 --format json %S/Inputs/audit_job.cpp %s -- -std=c++17 -I%S/Inputs > %t.j2.json
// RUN: FileCheck %s --check-prefix=CHECK-JSON --input-file=%t.j1.json
// RUN: diff %t.j1.json %t.j2.json
// The plugin sees one translation unit at a time: neither file alone has
// both orders.
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 -I%S/Inputs 2>&1 | count 0
// NOLINT suppresses a run-wide finding too.
// RUN: rm -rf %t.d && mkdir -p %t.d/Inputs
// RUN: cp %S/Inputs/audit_job.cpp %S/Inputs/bank.h %t.d/Inputs/
// RUN: sed -e 's|// SUPPRESS-ME|// NOLINT(hazard-lock-held-across-call)|' %s > %t.d/inversion.cpp
// RUN: not %hazardlint check %t.d/inversion.cpp %t.d/Inputs/audit_job.cpp -- -std=c++17 -I%t.d/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-SUPPRESSED --implicit-check-not="lock-held-across-call]"
#include "bank.h"

namespace bank {

std::mutex accounts_mu;
std::mutex audit_mu;
std::mutex ledger_mu;

void deposit(Account &account, long amount) {
  std::lock_guard<std::mutex> lock(accounts_mu);
  account.balance += amount;
  std::lock_guard<std::mutex> audit(audit_mu);
  // CHECK-TEXT: inversion.cpp:[[@LINE-1]]:37: warning: lock 'bank::accounts_mu' is held across acquiring lock 'bank::audit_mu'; elsewhere they are taken in the opposite order, which can deadlock; take locks in one global order [lock-held-across-call]
  // CHECK-TEXT: Inputs{{[/\\]}}audit_job.cpp:9:38: note: lock 'bank::accounts_mu' is acquired here while 'bank::audit_mu' is held
}

// accounts -> ledger here and in audit_job.cpp: one order, no finding.
void settle(Account &account) {
  std::lock_guard<std::mutex> a(accounts_mu);
  std::lock_guard<std::mutex> l(ledger_mu);
  account.audited = false;
}

void Ledger::post(Journal &journal, long amount) {
  mu_.lock();
  journal.mu_.lock(); // SUPPRESS-ME
  // CHECK-TEXT: inversion.cpp:[[@LINE-1]]:3: warning: lock 'bank::Ledger::mu_' is held across acquiring lock 'bank::Journal::mu_'; elsewhere they are taken in the opposite order{{.*}}lock-held-across-call]
  // CHECK-TEXT: Inputs{{[/\\]}}audit_job.cpp:23:38: note: lock 'bank::Ledger::mu_' is acquired here while 'bank::Journal::mu_' is held
  journal.entries_.push_back(amount);
  total_ += amount;
  journal.mu_.unlock();
  mu_.unlock();
}

} // namespace bank

// CHECK-JSON: "message": "lock 'bank::accounts_mu' is held across acquiring lock 'bank::audit_mu'; {{.*}}",
// CHECK-JSON: "path": "{{.*}}inversion.cpp",
// CHECK-JSON: "related": [
// CHECK-JSON: "column": 38,
// CHECK-JSON-NEXT: "line": 9
// CHECK-JSON: "message": "lock 'bank::accounts_mu' is acquired here while 'bank::audit_mu' is held",

// CHECK-SUPPRESSED: warning: lock 'bank::accounts_mu' is held across acquiring lock 'bank::audit_mu'{{.*}}lock-held-across-call]
