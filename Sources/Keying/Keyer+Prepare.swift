import BacklotCore
import Foundation

extension Keyer {
    /// The plate's colour planes, with NaN, infinities and absurd negatives replaced (and counted in a note).
    /// A clean plane is shared with the plate, not copied.
    static func sanitizedPlanes(of plate: Image, channels: [Int], schedule: Schedule, notes: inout [String]) -> [[Float]] {
        let n = plate.planeSize
        let replaced = SharedCounter()
        let rgb = channels.map { c -> [Float] in
            var plane = plate.planes[c]
            let bad = SharedCounter()
            [plane].withPlanePointers { p in
                let p = p[0].pointer
                schedule.forChunks(n) { range in
                    var found = 0
                    for i in range where !(p[i].isFinite && p[i] >= -1) { found += 1 }
                    if found > 0 { bad.add(found) }
                }
            }
            guard bad.count > 0 else { return plane }
            replaced.add(bad.count)
            plane.withUnsafeMutableBufferPointer { buf in
                let p = UncheckedPointer(buf.baseAddress!)
                schedule.forChunks(n) { range in
                    for i in range where !(p.pointer[i].isFinite && p.pointer[i] >= -1) {
                        p.pointer[i] = p.pointer[i] == .infinity ? 65504 : 0
                    }
                }
            }
            return plane
        }
        if replaced.count > 0 {
            notes.append("replaced \(replaced.count) NaN, infinite or strongly negative sample\(replaced.count == 1 ? "" : "s") in the plate")
        }
        return rgb
    }

    /// The hint as one plane within 0…1 at the plate's size, grown/feathered as asked; nil when it says nothing
    /// (all black or all white), with a note either way.
    static func preparedHint(_ hint: Image, frame: Frame, settings: KeyerSettings, notes: inout [String]) -> [Float]? {
        let (w, h, n) = (frame.width, frame.height, frame.count)
        var hi = hint
        if hi.width != w || hi.height != h {
            notes.append("hint is \(hi.width)x\(hi.height), resampled to the plate's \(w)x\(h)")
            hi = hi.resized(width: w, height: h, schedule: frame.schedule)
        }
        let c = hi.channelCount == 1 ? 0 : (hi.channelNames.firstIndex { !Image.isAlphaName($0) } ?? 0)
        // Shared as it is when already within 0…1 (an integer image always is), clamped otherwise.
        var p = hi.planes[c]
        if !p.allSatisfy({ $0 >= 0 && $0 <= 1 }) {
            let source = p
            p = Planes.make(n, schedule: frame.schedule) { source[$0].isFinite ? Swift.min(Swift.max(source[$0], 0), 1) : 0 }
        }
        if settings.hintFeather > 0 { p = Blur.gaussian(p, width: w, height: h, sigma: settings.hintFeather / 2, schedule: frame.schedule) }
        if settings.hintGrow != 0 {
            p = Morphology.grow(p.map { $0 > 0.5 ? 1 : 0 }, width: w, height: h, by: Int(settings.hintGrow.rounded()),
                                schedule: frame.schedule)
        }
        let covered = p.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        if covered == 0 { notes.append("the hint is all black: keying from colour alone") }
        else if covered == n { notes.append("the hint is all white: keying from colour alone") }
        return (covered == 0 || covered == n) ? nil : p
    }

    /// The first non-alpha channel of a user matte (or its alpha if that is all it has), at the plate's size.
    static func mattePlane(_ matte: Image, width: Int, height: Int, name: String, notes: inout [String]) -> [Float] {
        var m = matte
        if m.width != width || m.height != height {
            notes.append("\(name) is \(m.width)x\(m.height), resampled to the plate's \(width)x\(height)")
            m = m.resized(width: width, height: height)
        }
        let c = m.channelCount == 1 ? 0 : (m.alphaIndex ?? m.channelNames.firstIndex { !Image.isAlphaName($0) } ?? 0)
        return m.planes[c]
    }
}

extension Keyer {
    /// The brightest value the keyer's statistics take a sample at: eight times (three stops over) the plate's
    /// 99.9th percentile, and at least 4. One hot pixel (a stuck photosite, a 1e10 from a broken render) then
    /// cannot drag a local average: it stays a hot pixel in the foreground, which is unmixed from the plate
    /// as it is, but the screen model, the matte and the colour fields around it never see more than this.
    static func statisticsCeiling(_ planes: [[Float]]) -> Float {
        // A histogram of the float bit patterns' top 12 bits (sign, exponent, 3 mantissa bits): monotone in the
        // value for non-negative floats, an eighth of a stop wide, over every 4th sample of every channel.
        var bins = [Int](repeating: 0, count: 2048)
        var total = 0
        for plane in planes {
            plane.withUnsafeBufferPointer { p in
                var i = 0
                while i < p.count {
                    let v = p[i]
                    if v > 0 { bins[Int(v.bitPattern >> 20) & 2047] += 1 }
                    total += 1
                    i += 4
                }
            }
        }
        var seen = total - bins.reduce(0, +)  // samples at or below zero rank below every bin
        let rank = Int(Double(total) * 0.999)
        var p999: Float = 0
        for (bin, count) in bins.enumerated() where count > 0 {
            seen += count
            if seen >= rank {
                p999 = Float(bitPattern: UInt32(bin + 1) << 20)  // the bin's upper edge
                break
            }
        }
        return Swift.max(4, 8 * p999)
    }

    /// `planes` with every sample above `ceiling` lowered to it, or nil when none is above it (no copy made).
    static func clamped(_ planes: [[Float]], to ceiling: Float, schedule: Schedule) -> [[Float]]? {
        let above = SharedCounter()
        planes.withPlanePointers { p in
            for plane in p {
                schedule.forChunks(planes[0].count) { range in
                    var found = 0
                    for i in range where plane.pointer[i] > ceiling { found += 1 }
                    if found > 0 { above.add(found) }
                }
            }
        }
        guard above.count > 0 else { return nil }
        return planes.map { plane in Planes.make(plane.count, schedule: schedule) { Swift.min(plane[$0], ceiling) } }
    }
}
