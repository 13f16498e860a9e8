// launcher.h — where this process sits in a multi-process job, from the
// variables that launchers set: Open MPI's `mpirun` (OMPI_COMM_WORLD_*,
// PMIX_NAMESPACE), MPICH/Hydra (PMI_RANK, PMI_SIZE, MPI_LOCALRANKID) and
// Slurm's srun (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID, SLURM_JOB_ID).
// What it is not: an MPI binding — nothing is linked, only the environment is read.
#pragma once

#include <functional>
#include <string>

namespace dseek {

struct LaunchInfo {
  int rank = 0, world = 1;
  int local_rank = -1;  // rank on this node (picks the GPU), -1 if the launcher does not say
  std::string job;      // a job id shared by every rank ("" if none): makes rendezvous paths fresh
  std::string source;   // which launcher's variables were used ("" = none)
};

// `get` looks a variable up (std::getenv by default; tests pass their own). Throws dseek::Error on
// malformed values (not an integer, rank outside [0, world)).
LaunchInfo launch_from_env(const std::function<const char*(const char*)>& get = {});

}  // namespace dseek
