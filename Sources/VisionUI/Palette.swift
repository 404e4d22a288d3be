/// Nearest colours for terminals with fewer colours than a theme asks for.
enum Palette {
    /// The xterm 256-colour cube and grey ramp entry closest to an RGB colour.
    static func nearestIndexed(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let cube = 16 + 36 * level(r) + 6 * level(g) + level(b)
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let grey = average > 238 ? 255 : 232 + max(0, (average - 3) / 10)
        let cubeRGB = rgb(ofIndexed: cube), greyRGB = rgb(ofIndexed: grey)
        return distance(cubeRGB, (r, g, b)) <= distance(greyRGB, (r, g, b)) ? cube : grey
    }

    static let ansi: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    ]

    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        // A grey is black or white: by plain distance a mid grey is nearest to magenta.
        let channels = [Int(r), Int(g), Int(b)]
        if channels.max()! - channels.min()! < 40 { return channels.reduce(0, +) / 3 < 100 ? 0 : 7 }
        return ansi.indices.min { distance(ansi[$0], (r, g, b)) < distance(ansi[$1], (r, g, b)) } ?? 7
    }

    static func nearestANSI(toIndexed index: Int) -> Int {
        if index < 16 { return index % 8 }
        let (r, g, b) = rgb(ofIndexed: index)
        return nearestANSI(r, g, b)
    }

    /// xterm's bright variants (8-15).
    static let brightANSI: [(UInt8, UInt8, UInt8)] = [
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgb(ofIndexed index: Int) -> (UInt8, UInt8, UInt8) {
        if index < 8 { return ansi[index] }
        if index < 16 { return brightANSI[index - 8] }
        if index >= 232 { let v = UInt8(8 + (index - 232) * 10); return (v, v, v) }
        let n = index - 16
        let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
        return (steps[n / 36], steps[(n / 6) % 6], steps[n % 6])
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }
}
