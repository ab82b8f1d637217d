// The system header, found through pkg-config; CImageCodecs wraps it in a small C interface.
#include <tiffio.h>
