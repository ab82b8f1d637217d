// OpenSSL's libcrypto (Debian libssl-dev), for SHA-256 of dailies: hardware-accelerated where the CPU has it.
#include <openssl/evp.h>
