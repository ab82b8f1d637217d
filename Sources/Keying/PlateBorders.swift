import BacklotCore

/// Black bars at a plate's edges (letterbox or pillarbox): not picture, so never subject and never screen.
struct PlateBorders: Equatable {
    var top = 0, bottom = 0, left = 0, right = 0

    var isEmpty: Bool { top == 0 && bottom == 0 && left == 0 && right == 0 }

    /// Rows and columns at the edges in which at most 1% of the pixels are brighter than 0.01 (linear): black
    /// with a little noise or compression. Bars that would cover more than 45% of the plate are a dark plate,
    /// not a letterbox, and are not reported.
    static func find(rgb: [[Float]], width w: Int, height h: Int) -> PlateBorders {
        func bright(_ i: Int) -> Bool { rgb[0][i] > 0.01 || rgb[1][i] > 0.01 || rgb[2][i] > 0.01 }
        func blackRow(_ y: Int) -> Bool { (0..<w).reduce(0) { $0 + (bright(y * w + $1) ? 1 : 0) } * 100 <= w }
        func blackColumn(_ x: Int) -> Bool { (0..<h).reduce(0) { $0 + (bright($1 * w + x) ? 1 : 0) } * 100 <= h }
        var b = PlateBorders()
        while b.top < h && blackRow(b.top) { b.top += 1 }
        while b.bottom < h - b.top && blackRow(h - 1 - b.bottom) { b.bottom += 1 }
        while b.left < w && blackColumn(b.left) { b.left += 1 }
        while b.right < w - b.left && blackColumn(w - 1 - b.right) { b.right += 1 }
        if (b.top + b.bottom) * 100 > 45 * h { b.top = 0; b.bottom = 0 }
        if (b.left + b.right) * 100 > 45 * w { b.left = 0; b.right = 0 }
        return b
    }

    /// What a user is told: "24 rows at the top and 24 at the bottom".
    var description: String {
        var parts: [String] = []
        for (count, noun, place) in [(top, "row", "at the top"), (bottom, "row", "at the bottom"),
                                     (left, "column", "on the left"), (right, "column", "on the right")] where count > 0 {
            parts.append("\(count) \(noun)\(count == 1 ? "" : "s") \(place)")
        }
        return parts.joined(separator: ", ")
    }

    /// Sets `plane` to `value` inside the bars.
    func fill(_ plane: inout [Float], width w: Int, height h: Int, with value: Float) {
        for y in 0..<h {
            let inBar = y < top || y >= h - bottom
            for x in 0..<w where inBar || x < left || x >= w - right { plane[y * w + x] = value }
        }
    }
}
