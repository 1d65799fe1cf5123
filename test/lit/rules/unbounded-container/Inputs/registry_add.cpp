#include "registry.h"

void Registry::add(int key, int value) { items_[key] = value; }

void Journal::append(int entry) { entries_.push_back(entry); }
