// launcher.cpp — see launcher.h.
#include "core/launcher.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "core/check.h"

namespace dseek {

namespace {

int parse_int(const char* name, const char* v) {
  int x = 0;
  const char* end = v + std::strlen(v);
  auto [p, ec] = std::from_chars(v, end, x);
  DSEEK_CHECK(ec == std::errc() && p == end && x >= 0, "launcher variable {}={:?}: expected a non-negative integer",
              name, std::string(v));
  return x;
}

}  // namespace

LaunchInfo launch_from_env(const std::function<const char*(const char*)>& get_fn) {
  auto get = [&](const char* n) -> const char* {
    const char* v = get_fn ? get_fn(n) : std::getenv(n);
    return v && *v ? v : nullptr;
  };
  struct Scheme {
    const char *source, *rank, *size, *local, *job;
  };
  static const Scheme kSchemes[] = {
      {"Open MPI", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_RANK", "PMIX_NAMESPACE"},
      {"MPICH/PMI", "PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID", "PMI_KVSNAME"},
      {"Slurm", "SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID", "SLURM_JOB_ID"},
  };
  LaunchInfo li;
  for (const Scheme& s : kSchemes) {
    const char *r = get(s.rank), *n = get(s.size);
    if (!r || !n) continue;
    li.rank = parse_int(s.rank, r);
    li.world = parse_int(s.size, n);
    DSEEK_CHECK(li.world >= 1 && li.rank < li.world, "launcher ({}): rank {} outside a world of {}", s.source,
                li.rank, li.world);
    if (const char* l = get(s.local)) li.local_rank = parse_int(s.local, l);
    if (const char* j = get(s.job)) li.job = j;
    li.source = s.source;
    break;
  }
  return li;
}

}  // namespace dseek
