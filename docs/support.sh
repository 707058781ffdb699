#!/usr/bin/env bash
# Regenerates docs/support.md from the backend registry.
set -euo pipefail
cd "$(dirname "$0")/.." && { cat <<'HEAD'
# Support table: how each backend runs each function

Generated from the backend registry by `sigproc backends --markdown`; a test
fails when this file and the registry disagree, so regenerate it with

    bash docs/support.sh

- **native**: the backend's own kernels (SciPy for `numpy`, torch's kernels
  for `torch`, cupyx.scipy's CUDA kernels for `cupy`);
- **portable**: the portable array-API code, run on that backend's own arrays
  and device (never a copy to another library or the host);
- **host**: a function of a few coefficients (filter design, windows,
  conversions between filter representations, responses of LTI systems)
  computed with SciPy on the host; arrays that go in come back in their own
  library and on their own device, and `xp=`/`device=` place the results
  where none go in.

A native implementation may still hand some calls to the portable code when
the library lacks an option (for example cupyx's `resample_poly` pads only
with constants); `sigproc.which_backend(func, *args)` tells for one call.

<!-- support-table:start -->
HEAD
sigproc backends --markdown
echo "<!-- support-table:end -->"; } > docs/support.md
