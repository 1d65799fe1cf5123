// Shared by inversion.cpp and Inputs/audit_job.cpp.
#include <mutex>
#include <vector>

namespace bank {
extern std::mutex accounts_mu;
extern std::mutex audit_mu;
extern std::mutex ledger_mu;

struct Account {
  long balance = 0;
  bool audited = false;
};

class Journal {
public:
  void append(long amount);
  void replay(class Ledger &ledger);
  std::mutex mu_;
  std::vector<long> entries_;
};

class Ledger {
public:
  void post(Journal &journal, long amount);
  std::mutex mu_;
  long total_ = 0;
};
} // namespace bank
