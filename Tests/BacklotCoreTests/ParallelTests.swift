import BacklotCore
import Synchronization
import Testing

@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 7, 4096, 100_003])
    func chunksCoverEveryIndexOnce(_ count: Int) {
        var hits = [Int32](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { buf in
            let p = UncheckedPointer(buf.baseAddress ?? UnsafeMutablePointer<Int32>.allocate(capacity: 1))
            Parallel.forChunks(count, minChunk: 100) { range in
                for i in range { p.pointer[i] += 1 }
            }
        }
        #expect(hits.allSatisfy { $0 == 1 })
    }
}
