// cuda_none.cpp — the CUDA entry points in a build without CUDA (no nvcc at
// configure time, or -DDSEEK_CUDA=OFF): they report that clearly.
#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_train.h"
#include "core/check.h"

namespace dseek {

bool cuda_built() { return false; }
int cuda_device_count() { return 0; }
std::string cuda_device_name(int) { return "none"; }

std::unique_ptr<CudaModel> CudaModel::create(const Model&, const CudaModelOptions&) {
  DSEEK_FAIL("this dseek was built without CUDA (reconfigure with nvcc on the PATH, or -DDSEEK_CUDA=ON)");
}
std::unique_ptr<CudaModel> CudaModel::create_random(const ModelConfig&, DType, uint64_t, const CudaModelOptions&) {
  DSEEK_FAIL("this dseek was built without CUDA (reconfigure with nvcc on the PATH, or -DDSEEK_CUDA=ON)");
}

std::unique_ptr<train::TrainDevice> make_cuda_train_device(const train::TrainParams&, const CudaTrainOptions&) {
  DSEEK_FAIL("this dseek was built without CUDA (reconfigure with nvcc on the PATH, or -DDSEEK_CUDA=ON); "
             "train with --device cpu");
}

}  // namespace dseek
