//===- LockOrder.cpp - Which locks are taken while which are held ---------===//
#include "Core/LockOrder.h"

namespace hazard::lockorder {

static bool earlier(const Site &A, const Site &B) {
  return std::tie(A.Path, A.Range.Begin) < std::tie(B.Path, B.Range.Begin);
}

void Graph::record(const lockorder::Scope &Scope, const std::string &Held,
                   const std::string &Taken, Site S) {
  if (Held.empty() || Taken.empty() || Held == Taken)
    return;
  Edges[{Scope, Held, Taken}].push_back(std::move(S));
}

void Graph::declareLock(const lockorder::Scope &Scope,
                        const std::string &Name) {
  Declared.insert({Scope, Name});
}

const Site *Graph::firstCounted(const Edge &E,
                                const std::vector<Site> &Sites) const {
  const auto &[Scope, Held, Taken] = E;
  bool HeldDeclared = Declared.count({Scope, Held}) > 0;
  bool TakenDeclared = Declared.count({Scope, Taken}) > 0;
  const Site *Best = nullptr;
  for (const Site &S : Sites) {
    if (!(S.HeldKnown || HeldDeclared) || !(S.TakenKnown || TakenDeclared))
      continue;
    if (!Best || earlier(S, *Best))
      Best = &S;
  }
  return Best;
}

std::vector<Inversion> Graph::inversions() const {
  std::vector<Inversion> Out;
  for (const auto &[Key, Sites] : Edges) {
    const auto &[Scope, A, B] = Key;
    if (!(A < B))
      continue;
    Edge Reverse{Scope, B, A};
    auto It = Edges.find(Reverse);
    if (It == Edges.end())
      continue;
    const Site *AB = firstCounted(Key, Sites);
    const Site *BA = firstCounted(Reverse, It->second);
    if (!AB || !BA)
      continue;
    bool ABFirst = earlier(*AB, *BA);
    Inversion I;
    I.Scope = Scope;
    I.Held = ABFirst ? B : A;
    I.Taken = ABFirst ? A : B;
    I.Here = ABFirst ? *BA : *AB;
    I.There = ABFirst ? *AB : *BA;
    Out.push_back(std::move(I));
  }
  return Out;
}

} // namespace hazard::lockorder
