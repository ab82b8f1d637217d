import Foundation
import Testing

/// Every option of every command, read from the argument parser's own model (`--experimental-dump-help`), fed
/// hostile values: nothing may crash or hang, and a number that is not a number, not finite or out of range is
/// refused before any work with exit 64 and a message naming the option. A new option is covered the day it
/// is added; one that takes text rather than a number must be listed in `textOptions`.
@Suite(.serialized) struct OptionSweepTests {
    /// Options whose values are paths, names or lists, not numbers (still swept for crashes and hangs).
    static let textOptions: Set<String> = [
        "output", "hint", "prores", "review", "passes", "compression", "despill-limit", "garbage", "core", "missing",
        "colorspace", "depth", "scene", "hint-style", "format", "truth", "alpha", "fg", "clean-plate", "production",
        "camera", "root",
    ]
    /// Values every numeric option must refuse (exit 64, the option named).
    static let refused = ["nan", "inf", "-inf", "1e300", "-1e300", "", "abc", "99999999999", "99999999999999999999"]
    /// Values that may be valid or not, but must never crash or hang.
    static let edgy = ["-5", "0", "1e-300", "-0", "0x10", "1,2", "+3"]
    /// Options where 99999999999 is a valid value (a 64-bit seed).
    static let wideIntegers: Set<String> = ["seed"]

    struct Option: CustomStringConvertible {
        var command: String
        var name: String
        var description: String { "\(command) --\(name)" }
    }

    /// Every value-taking option of every command, from the parser's model.
    static func options() throws -> [Option] {
        let dump = try backlot(["--experimental-dump-help"])
        let json = try JSONSerialization.jsonObject(with: Data(dump.out.utf8)) as! [String: Any]
        var found: [Option] = []
        let root = json["command"] as! [String: Any]
        for sub in root["subcommands"] as? [[String: Any]] ?? [] {
            let command = sub["commandName"] as! String
            for arg in sub["arguments"] as? [[String: Any]] ?? [] where arg["kind"] as? String == "option" {
                let name = (arg["preferredName"] as? [String: Any])?["name"] as? String ?? ""
                found.append(Option(command: command, name: name))
            }
        }
        return found
    }

    /// A tiny plate, hint and synth folder; the base invocation of each command with valid values.
    final class Fixture: @unchecked Sendable {
        let dir = temporaryFolder("option-sweep")
        var runs = 0
        init() throws {
            let r = try backlot(["synth", "--size", "32x18", "-o", "\(dir)/plate"])
            precondition(r.status == 0, r.err)
            let s = try backlot(["synth", "--size", "32x18", "--shot", "2", "-o", "\(dir)/shot"])
            precondition(s.status == 0, s.err)
        }

        func base(_ command: String) -> [String: String]? {
            runs += 1
            let out = "\(dir)/out\(runs)"
            switch command {
            case "key": return ["": "\(dir)/shot/plate.####.exr", "--hint": "\(dir)/shot/hint.####.png", "--output": out,
                                "--passes": "matte", "--temporal": "0"]
            case "convert": return ["": "\(dir)/shot/plate.####.exr", " ": "\(out).####.png"]
            case "info": return ["": "\(dir)/shot/plate.####.exr"]
            case "look", "regrain", "degrain":
                return ["": "no-such-show", " ": "\(dir)/shot/plate.####.exr", "--output": "\(out).####.png", "--root": dir]
            case "synth", "demo": return ["--output": out, "--size": "32x18"]
            case "score": return ["--truth": "\(dir)/plate", "--alpha": "\(dir)/plate/truth/alpha.exr"]
            default: return nil
            }
        }

        func arguments(_ command: String, option: String, value: String) -> [String]? {
            guard var args = base(command) else { return nil }
            args["--\(option)"] = value
            let positionals = ["", " "].compactMap { args.removeValue(forKey: $0) }
            return [command] + positionals + args.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] } + (command == "demo" || command == "synth" ? ["--quiet"] : [])
        }
    }

    @Test func everyOptionSurvivesHostileValuesAndNumbersAreValidated() throws {
        let options = try Self.options()
        #expect(options.count >= 40, "the parser's model lists the options: \(options.count)")
        let fixture = try Fixture()
        var numeric = 0
        for option in options {
            let isText = Self.textOptions.contains(option.name)
            if !isText { numeric += 1 }
            for value in Self.refused + Self.edgy {
                guard let args = fixture.arguments(option.command, option: option.name, value: value) else {
                    Issue.record("no base invocation for \(option.command)"); break
                }
                // In the fixture's folder: `--output nan` makes a folder named nan.
                let r = try backlot(args, cwd: fixture.dir, timeout: 60)
                #expect(!r.signalled && !r.timedOut, "\(option) '\(value)' crashed or hung: \(r.err.prefix(300))")
                #expect([0, 1, 64].contains(r.status), "\(option) '\(value)': exit \(r.status)")
                if r.status != 0 {
                    #expect(r.err.hasPrefix("Error: "), "\(option) '\(value)': \(r.err.prefix(300))")
                }
                let mustRefuse = !isText && Self.refused.contains(value)
                    && !(value == "99999999999" && Self.wideIntegers.contains(option.name))
                if mustRefuse {
                    #expect(r.status == 64, "\(option) '\(value)' was accepted (exit \(r.status))")
                    #expect(r.err.contains("--\(option.name)"), "\(option) '\(value)': the message names the option: \(r.err.prefix(300))")
                    // Ours, with the range, not the parser's generic refusal.
                    #expect(!r.err.contains("is invalid for"), "\(option) '\(value)': \(r.err.prefix(300))")
                }
            }
        }
        #expect(numeric >= 15, "numeric options found: \(numeric)")
    }

    @Test func wholeNumberOptionsSayTheirRangeForFractionsAndHugeValues() throws {
        let fixture = try Fixture()
        for (option, value) in [("despeckle", "1.5"), ("temporal", "99999999999999999999"), ("start-frame", "2.5")] {
            let r = try backlot(fixture.arguments("key", option: option, value: value)!, cwd: fixture.dir)
            #expect(r.status == 64 && r.err.hasPrefix("Error: --\(option) must be a whole number between"), "\(r.err)")
        }
        let seed = try backlot(["synth", "-o", "\(fixture.dir)/s", "--size", "8x8", "--seed", "-1"])
        #expect(seed.status == 64 && seed.err.hasPrefix("Error: --seed must be a whole number between 0 and 18446744073709551615"), "\(seed.err)")
    }

    @Test func negativeNumbersWorkWithoutAnEqualsSign() throws {
        let fixture = try Fixture()
        var args = fixture.arguments("key", option: "edge", value: "-2")!
        #expect(try backlot(args, cwd: fixture.dir).status == 0)
        args = fixture.arguments("key", option: "clip-black", value: "-5")!
        let r = try backlot(args, cwd: fixture.dir)
        #expect(r.status == 64 && r.err.contains("--clip-black must be between 0 and 1 (got -5)"), "\(r.err)")
        for option in ["screen", "comp-colour"] {
            let rgb = try backlot(fixture.arguments("key", option: option, value: "-1,0,0")!, cwd: fixture.dir)
            #expect(rgb.status == 64 && rgb.err.contains("--\(option) must be between 0 and 64 (got -1)"), "\(rgb.err)")
        }
    }
}
