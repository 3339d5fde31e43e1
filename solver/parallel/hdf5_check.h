#pragma once
// STIRLB_CHECK(HDF5, H5Dwrite(...)): a negative return (herr_t, hid_t or
// htri_t) is a failure; the message names the call, its location and the
// innermost entry of HDF5's error stack, which is the specific reason
// ("truncated file: eof = ...") rather than the API-level "unable to open
// file". HDF5's own printing of the stack is turned off by the checkpoint
// code (H5Eset_auto2) so users see this message only.
#include <hdf5.h>
#include <string>
#include "kernels/check.h"

namespace stirlb {

namespace detail {
// H5Ewalk2 visits the stack outermost first; the last entry is the deepest.
inline herr_t keep_innermost_hdf5_error(unsigned, const H5E_error2_t* e, void* out) {
  if (!e || !e->desc || !*e->desc) return 0;
  *static_cast<std::string*>(out) = e->func_name ? std::string(e->func_name) + ": " + e->desc : e->desc;
  return 0;
}
}  // namespace detail

inline void check_HDF5(long long rc, const char* call, const char* file, int line) {
  if (rc >= 0) return;
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, detail::keep_innermost_hdf5_error, &reason);
  raise_call_error("HDF5", call, file, line, reason.empty() ? "no reason given" : reason);
}

}  // namespace stirlb
