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
