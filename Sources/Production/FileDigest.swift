import CCrypto
import Foundation

/// The SHA-256 of a file's bytes, read once in large blocks (OpenSSL's libcrypto: SHA extensions where the CPU
/// has them). A daily's identity in its box: the same bytes at another path are the same daily, moved.
enum FileDigest {
    /// The digest as 64 lowercase hex digits.
    static func sha256(_ path: String) throws(ProductionError) -> String {
        guard let file = fopen(path, "rb") else { throw ProductionError(path, "cannot be read (\(String(cString: strerror(errno))))") }
        defer { fclose(file) }
        guard let context = EVP_MD_CTX_new() else { throw ProductionError(path, "cannot be hashed: out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { throw ProductionError(path, "cannot be hashed (libcrypto)") }
        let blockSize = 1 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { block.deallocate() }
        while true {
            let count = fread(block, 1, blockSize, file)
            if count > 0 { EVP_DigestUpdate(context, block, count) }
            if count < blockSize {
                if ferror(file) != 0 { throw ProductionError(path, "could not be read to the end (\(String(cString: strerror(errno))))") }
                break
            }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { throw ProductionError(path, "cannot be hashed (libcrypto)") }
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of `data`, as 64 lowercase hex digits.
    static func sha256(of data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = data.withUnsafeBytes { bytes in EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil) }
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }
}
