import CImageCodecs

/// Process-wide allocator settings for image work.
public enum MemoryTuning {
    /// Lets freed image planes be reused. Call first thing in `main`, before other threads start.
    ///
    /// By default glibc maps large blocks (image planes) with `mmap` and unmaps them on free, so every new
    /// plane is faulted in and zero-filled by the kernel page by page, which costs more than the work done
    /// with it. Serving blocks up to 32 MiB from one heap that keeps freed memory lets each plane reuse the
    /// pages of one freed before it: the kernel's work is bounded by peak memory, not by the planes made.
    /// (Transparent huge pages were tried too: they pay when memory is already free in 2 MiB blocks but
    /// stall on compaction when it is not, so they are left to the system's own setting.)
    public static func reuseFreedPlanes() {
        bl_malloc_tune_for_planes()
    }
}
