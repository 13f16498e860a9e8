// test_launcher.cpp — launch_from_env: rank/world/local rank/job id from each
// launcher's variables, precedence, and errors for malformed values.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/launcher.h"
#include "core/check.h"

using namespace dseek;


namespace {

LaunchInfo from(const std::map<std::string, std::string>& env) {
  return launch_from_env([&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST(Launcher, NoLauncherIsOneProcess) {
  const LaunchInfo li = from({});
  EXPECT_EQ(li.rank, 0);
  EXPECT_EQ(li.world, 1);
  EXPECT_EQ(li.local_rank, -1);
  EXPECT_EQ(li.source, "");
}

TEST(Launcher, OpenMpiMpichAndSlurm) {
  LaunchInfo li = from({{"OMPI_COMM_WORLD_RANK", "3"}, {"OMPI_COMM_WORLD_SIZE", "4"},
                        {"OMPI_COMM_WORLD_LOCAL_RANK", "1"}, {"PMIX_NAMESPACE", "prterun-x-123@1"}});
  EXPECT_EQ(li.rank, 3);
  EXPECT_EQ(li.world, 4);
  EXPECT_EQ(li.local_rank, 1);
  EXPECT_EQ(li.job, "prterun-x-123@1");
  EXPECT_EQ(li.source, "Open MPI");
  li = from({{"PMI_RANK", "0"}, {"PMI_SIZE", "2"}, {"MPI_LOCALRANKID", "0"}});
  EXPECT_EQ(li.world, 2);
  EXPECT_EQ(li.source, "MPICH/PMI");
  li = from({{"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "8"}, {"SLURM_LOCALID", "1"}, {"SLURM_JOB_ID", "77"}});
  EXPECT_EQ(li.rank, 5);
  EXPECT_EQ(li.local_rank, 1);
  EXPECT_EQ(li.job, "77");
  // mpirun inside a Slurm allocation: Open MPI's own variables win.
  li = from({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}, {"OMPI_COMM_WORLD_RANK", "1"}, {"OMPI_COMM_WORLD_SIZE", "2"}});
  EXPECT_EQ(li.rank, 1);
  EXPECT_EQ(li.world, 2);
  // Half a scheme (rank without size) is ignored.
  EXPECT_EQ(from({{"PMI_RANK", "1"}}).world, 1);
}

TEST(Launcher, MalformedValuesAreErrors) {
  EXPECT_THROW(from({{"OMPI_COMM_WORLD_RANK", "x"}, {"OMPI_COMM_WORLD_SIZE", "2"}}), Error);
  EXPECT_THROW(from({{"OMPI_COMM_WORLD_RANK", "-1"}, {"OMPI_COMM_WORLD_SIZE", "2"}}), Error);
  EXPECT_THROW(from({{"OMPI_COMM_WORLD_RANK", "2"}, {"OMPI_COMM_WORLD_SIZE", "2"}}), Error);
  EXPECT_THROW(from({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "0"}}), Error);
  EXPECT_THROW(from({{"PMI_RANK", "0"}, {"PMI_SIZE", "2 "}}), Error);
}
