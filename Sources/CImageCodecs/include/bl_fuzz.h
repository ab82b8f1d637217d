// libFuzzer's entry point for programs with their own main (only linked by `make fuzz` builds).
#ifndef BL_FUZZ_H
#define BL_FUZZ_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
