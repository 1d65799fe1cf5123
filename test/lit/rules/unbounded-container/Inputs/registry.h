// A class whose members are defined in two translation units.
#include <map>
#include <vector>

class Registry {
public:
  void add(int key, int value);
  void remove(int key);

private:
  std::map<int, int> items_;
};

class Journal {
public:
  void append(int entry);
  int last() const;

private:
  std::vector<int> entries_;
};
