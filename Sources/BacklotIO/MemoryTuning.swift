import CImageCodecs

/// Process-wide allocator settings for image work.
public enum MemoryTuning {
    /// Lets freed image planes be reused instead of returned to the kernel.
    ///
    /// By default glibc maps large blocks (image planes) with `mmap` and unmaps them on free, so every new
    /// plane is faulted in and zero-filled page by page: about a quarter of a 4K key's CPU time went to the
    /// kernel. Serving blocks up to 32 MiB (a 4K float plane) from one heap that keeps freed memory cuts that
    /// kernel time by about 40% (a 4K key about 10% faster) without raising peak memory. Call once, before
    /// any work.
    public static func reuseFreedPlanes() {
        bl_malloc_tune_for_planes()
    }
}
