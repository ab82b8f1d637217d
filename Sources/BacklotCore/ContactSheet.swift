/// Lays images out side by side in a grid, for looking at many passes at once.
public enum ContactSheet {
    /// A grid of `tiles`, each scaled to `tileWidth` (keeping the first tile's aspect), `columns` wide,
    /// on a dark grey field. Single-channel tiles show as grey; alpha is composited over the field.
    public static func make(_ tiles: [Image], columns: Int, tileWidth: Int, gap: Int = 8) -> Image {
        precondition(!tiles.isEmpty && columns > 0)
        let tileHeight = max(1, tileWidth * tiles[0].height / tiles[0].width)
        let rows = (tiles.count + columns - 1) / columns
        let width = columns * tileWidth + (columns + 1) * gap
        let height = rows * tileHeight + (rows + 1) * gap
        let field: Float = 0.02
        var sheet = Image(width: width, height: height, channels: ["R", "G", "B"], fill: field)
        for (k, tile) in tiles.enumerated() {
            let t = tile.resized(width: tileWidth, height: tileHeight)
            let ox = gap + (k % columns) * (tileWidth + gap), oy = gap + (k / columns) * (tileHeight + gap)
            let colour = ["R", "G", "B"].map { t.channelIndex($0) }
            let grey = t.channelNames.firstIndex { !Image.isAlphaName($0) } ?? 0
            let a = colour.allSatisfy({ $0 != nil }) ? t.alphaIndex : nil
            for y in 0..<tileHeight {
                for x in 0..<tileWidth {
                    let i = y * tileWidth + x
                    let alpha = a.map { t.planes[$0][i] } ?? 1
                    let o = (oy + y) * width + ox + x
                    for c in 0..<3 {
                        let plane = colour[c] ?? grey
                        var v = t.planes[plane][i]
                        if t.alpha == .straight { v *= alpha }
                        sheet.planes[c][o] = v + (1 - alpha) * field
                    }
                }
            }
        }
        return sheet
    }
}
