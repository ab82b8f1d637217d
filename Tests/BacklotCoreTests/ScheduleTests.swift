import BacklotCore
import Testing

@Suite struct ScheduleTests {
    static let schedules: [Schedule] = [.serial, Schedule(threads: 3), .automatic]

    @Test(arguments: [0, 1, 7, 4096, 100_003])
    func chunksCoverEveryIndexOnce(_ count: Int) {
        for schedule in Self.schedules {
            var hits = [Int32](repeating: 0, count: count)
            hits.withUnsafeMutableBufferPointer { buf in
                let p = UncheckedPointer(buf.baseAddress ?? UnsafeMutablePointer<Int32>.allocate(capacity: 1))
                schedule.forChunks(count, minChunk: 100) { range in
                    for i in range { p.pointer[i] += 1 }
                }
            }
            #expect(hits.allSatisfy { $0 == 1 }, "\(schedule)")
        }
    }

    @Test func serialRunsInOrderOnTheCallingThread() {
        var order: [Int] = []
        Schedule.serial.forEach(5) { order.append($0) }
        #expect(order == [0, 1, 2, 3, 4])
        var bands: [Range<Int>] = []
        Schedule.serial.forRows(1000, width: 1) { bands.append($0) }
        #expect(bands == [0..<1000])
        #expect(Schedule(threads: 0).threads == 1)
    }
}
