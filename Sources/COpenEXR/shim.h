// OpenEXR's C API header: the module only carries pkg-config's flags (`OpenEXR`) to the C++ shim in CEXR.
#include <openexr.h>
