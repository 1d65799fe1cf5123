#include "registry.h"

void Registry::remove(int key) { items_.erase(key); }

int Journal::last() const { return entries_.empty() ? -1 : entries_.back(); }
