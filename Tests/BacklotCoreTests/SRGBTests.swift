import BacklotCore
import Foundation
import Testing

@Suite struct SRGBTests {
    @Test func knownValuesOfTheCurve() {
        // IEC 61966-2-1 reference points.
        #expect(abs(SRGB.decode(Float(0.5)) - 0.214_041_14) < 1e-6)
        #expect(abs(SRGB.encode(Float(0.18)) - 0.461_356_1) < 1e-6)
        #expect(SRGB.encode(Float(0)) == 0)
        #expect(abs(SRGB.encode(Float(1)) - 1) < 1e-6)
        // Linear segment below the knee.
        #expect(abs(SRGB.decode(Float(0.04)) - 0.04 / 12.92) < 1e-9)
        #expect(abs(SRGB.encode(Float(0.003)) - 0.003 * 12.92) < 1e-9)
        // The two pieces meet at the knee.
        #expect(abs(SRGB.encode(Float(0.0031308)) - 0.04045) < 1e-5)
    }

    @Test func encodeAndDecodeAreInverse() {
        for k in 0...1000 {
            let v = Float(k) / 1000 * 4   // HDR values continue the curve
            #expect(abs(SRGB.decode(SRGB.encode(v)) - v) <= 1e-5 * max(1, v))
        }
    }

    @Test func quantizerMatchesRoundingTheCurve() {
        let q8 = SRGBQuantizer(maxCode: 255)
        let q16 = SRGBQuantizer(maxCode: 65535)
        for k in 0..<20000 {
            let v = Float(k) / 19999 * 1.1
            let expected8 = min(255, Int((Double(SRGB.encode(v)) * 255).rounded()))
            let expected16 = min(65535, Int((Double(SRGB.encode(v)) * 65535).rounded()))
            #expect(abs(q8.code(v) - expected8) <= 1)
            #expect(abs(q16.code(v) - expected16) <= 1)
        }
        #expect(q8.code(-1) == 0)
        #expect(q8.code(.nan) == 0)
        #expect(q8.code(50) == 255)
        // Every code decodes back to itself.
        let table = SRGB.decodeTable(maxCode: 255)
        for code in 0...255 { #expect(q8.code(table[code]) == code) }
    }
}
