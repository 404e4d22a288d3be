import CCurlShim
import Foundation
import Testing

/// The order libcurl's libraries are loaded in (LibraryOrder.c): each after those it needs, read
/// from the files themselves; a damaged or hostile file is left out, never read far.
@Suite struct LibraryOrderTests {
    @Test func theSystemsLibcurlComesLastAndEachLibraryAfterThoseItNeeds() throws {
        let folder = systemLibraryFolder()
        let libcurl = try #require(["libcurl-gnutls.so.4", "libcurl.so.4"].first {
            FileManager.default.fileExists(atPath: "\(folder)/\($0)")
        }, "no libcurl in \(folder)")
        let order = libraryOrder(folder: folder, library: libcurl)
        #expect(order.last == libcurl)
        #expect(order.count > 10, "libcurl's dependencies: \(order)")
        #expect(order.contains("libc.so.6"))
        #expect(Set(order).count == order.count, "each library once: \(order)")
        for (position, library) in order.enumerated() {
            for needed in try readelfNeeded("\(folder)/\(library)") {
                let neededPosition = try #require(order.firstIndex(of: needed), "\(library) needs \(needed)")
                #expect(neededPosition < position, "\(library) needs \(needed)")
            }
        }
    }

    @Test func eachLibraryComesAfterThoseItNeedsOnce() throws {
        let folder = try LibraryFolder([
            "libtop.so": elf(needing: ["libmid.so", "libleaf.so", "libc.so.6"]),
            "libmid.so": elf(needing: ["libleaf.so"]),
            "libleaf.so": elf(needing: []),
        ])
        #expect(libraryOrder(folder: folder.path, library: "libtop.so") == ["libleaf.so", "libmid.so", "libtop.so"])
    }

    @Test func aLibraryLoadedAlreadyIsLeftOutWithWhatItNeeds() throws {
        let folder = try LibraryFolder([
            "libtop.so": elf(needing: ["libmid.so", "libother.so"]),
            "libmid.so": elf(needing: ["libleaf.so"]),
            "libleaf.so": elf(needing: []),
            "libother.so": elf(needing: []),
        ])
        #expect(libraryOrder(folder: folder.path, library: "libtop.so", loaded: ["libmid.so"]) == ["libother.so", "libtop.so"])
        #expect(libraryOrder(folder: folder.path, library: "libtop.so", loaded: ["libtop.so"]) == [])
    }

    @Test func theLoadedLibrariesNameTheCLibraryAndTheDynamicLoader() {
        var loaded = ccurl_library_names()
        ccurl_loaded_libraries(&loaded)
        let names = strings(loaded)
        #expect(names.contains("libc.so.6"), "\(names)")
        #expect(names.contains { $0.hasPrefix("ld-linux") }, "\(names)")
        #expect(FileManager.default.fileExists(atPath: systemLibraryFolder() + "/libc.so.6"))
    }

    @Test func aCycleEndsTheWalk() throws {
        let folder = try LibraryFolder(["liba.so": elf(needing: ["libb.so"]), "libb.so": elf(needing: ["liba.so"])])
        #expect(libraryOrder(folder: folder.path, library: "liba.so") == ["libb.so", "liba.so"])
    }

    @Test func aLibraryNotInTheFolderIsLeftToTheLoader() throws {
        let folder = try LibraryFolder(["libtop.so": elf(needing: ["libgone.so"])])
        #expect(libraryOrder(folder: folder.path, library: "libtop.so") == ["libtop.so"])
        #expect(libraryOrder(folder: folder.path, library: "libgone.so") == [])
    }

    @Test func damagedFilesAreLeftOut() throws {
        let valid = elf(needing: ["libleaf.so"])
        var farDynamic = valid
        farDynamic.replaceSubrange(120 + 8..<120 + 16, with: bytes(UInt64(1) << 40))  // PT_DYNAMIC's offset
        var unterminated = elf(needing: ["libleaf.so"])
        unterminated.removeLast()  // the last name loses its NUL, at the end of the file
        let folder = try LibraryFolder([
            "libtop.so": elf(needing: ["libtruncated.so", "libtext.so", "libfar.so", "libunterminated.so", "../escape.so", ""]),
            "libtruncated.so": Array(valid.prefix(100)),
            "libtext.so": Array("not an ELF file at all, but long enough to be read as a header......".utf8),
            "libfar.so": farDynamic,
            "libunterminated.so": unterminated,
            "libleaf.so": elf(needing: []),
        ])
        #expect(libraryOrder(folder: folder.path, library: "libtop.so") == ["libunterminated.so", "libtop.so"])
        #expect(libraryOrder(folder: folder.path, library: "libtruncated.so") == [])
    }

    @Test func aPipeNamedLikeALibraryIsNotWaitedOn() throws {
        let folder = try LibraryFolder(["libtop.so": elf(needing: ["libpipe.so"])])
        #expect(mkfifo(folder.path + "/libpipe.so", 0o600) == 0)
        #expect(libraryOrder(folder: folder.path, library: "libtop.so") == ["libtop.so"])
    }

    @Test func aNameOutsideTheStringTableIsNotRead() throws {
        var file = elf(needing: ["libleaf.so"])
        // DT_STRSZ, the second entry after the one DT_NEEDED, shrunk to nothing
        let stringsSize = 176 + 2 * 16 + 8
        file.replaceSubrange(stringsSize..<stringsSize + 8, with: bytes(UInt64(0)))
        let folder = try LibraryFolder(["libtop.so": file, "libleaf.so": elf(needing: [])])
        #expect(libraryOrder(folder: folder.path, library: "libtop.so") == ["libtop.so"])
    }

    @Test func aDeepOrWideTreeIsReadOnlyToItsLimits() throws {
        var files: [String: [UInt8]] = [:]
        for depth in 0..<40 { files["lib\(depth).so"] = elf(needing: ["lib\(depth + 1).so"]) }
        files["libwide.so"] = elf(needing: (0..<100).map { "libw\($0).so" })
        for index in 0..<100 { files["libw\(index).so"] = elf(needing: []) }
        let folder = try LibraryFolder(files)
        let deep = libraryOrder(folder: folder.path, library: "lib0.so")
        #expect(deep.count == 17, "sixteen levels below the first")
        #expect(deep.last == "lib0.so")
        let wide = libraryOrder(folder: folder.path, library: "libwide.so")
        #expect(wide.count == 33, "the first 32 it needs, then itself")
        #expect(wide.last == "libwide.so")
    }

    // MARK: - Helpers

    private func systemLibraryFolder() -> String {
        var folder = [CChar](repeating: 0, count: Int(PATH_MAX))
        ccurl_system_library_folder(&folder, folder.count)
        return String(decoding: folder.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func libraryOrder(folder: String, library: String, loaded: [String]? = nil) -> [String] {
        var order = ccurl_library_names()
        if let loaded {
            var names = ccurl_library_names()
            withUnsafeMutableBytes(of: &names.names) { bytes in
                for (index, name) in loaded.enumerated() {
                    bytes.baseAddress!.advanced(by: index * nameWidth).copyMemory(from: name, byteCount: name.utf8.count)
                }
            }
            names.count = loaded.count
            ccurl_library_order(folder, library, &names, &order)
        } else {
            ccurl_library_order(folder, library, nil, &order)
        }
        return strings(order)
    }

    private var nameWidth: Int { Int(CCURL_LIBRARY_NAME_MAX) }

    private func strings(_ names: ccurl_library_names) -> [String] {
        withUnsafeBytes(of: names.names) { bytes in
            (0..<names.count).map { index in
                String(decoding: bytes[(index * nameWidth)...].prefix { $0 != 0 }, as: UTF8.self)
            }
        }
    }

    private func readelfNeeded(_ path: String) throws -> [String] {
        let readelf = Process()
        readelf.executableURL = URL(fileURLWithPath: "/usr/bin/readelf")
        readelf.arguments = ["-d", path]
        let output = Pipe()
        readelf.standardOutput = output
        try readelf.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        readelf.waitUntilExit()
        return text.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            guard let open = line.lastIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
    }

    /// A folder of library files, removed when the test lets go of it.
    private final class LibraryFolder {
        let path = FileManager.default.temporaryDirectory.path + "/library-order-" + UUID().uuidString

        init(_ files: [String: [UInt8]]) throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for (name, contents) in files { try Data(contents).write(to: URL(fileURLWithPath: "\(path)/\(name)")) }
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    private func bytes<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// A minimal 64-bit ELF shared object: its header, a PT_LOAD covering the file at address 0,
    /// a PT_DYNAMIC at offset 176 naming `needed`, and its string table at the end.
    private func elf(needing needed: [String]) -> [UInt8] {
        var strings: [UInt8] = [0]
        var nameOffsets: [UInt64] = []
        for name in needed {
            nameOffsets.append(UInt64(strings.count))
            strings += Array(name.utf8) + [0]
        }
        let dynamicOffset = 176
        let entries: [(UInt64, UInt64)] = nameOffsets.map { (1, $0) }  // DT_NEEDED
        let stringsOffset = dynamicOffset + (entries.count + 3) * 16
        let dynamic = entries + [(5, UInt64(stringsOffset)), (10, UInt64(strings.count)), (0, 0)]  // DT_STRTAB, DT_STRSZ, DT_NULL
        let size = UInt64(stringsOffset + strings.count)
        var file: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1] + [UInt8](repeating: 0, count: 9)
        file += bytes(UInt16(3)) + bytes(UInt16(62)) + bytes(UInt32(1))  // ET_DYN, x86-64, version
        file += bytes(UInt64(0)) + bytes(UInt64(64)) + bytes(UInt64(0))  // entry, program headers, sections
        file += bytes(UInt32(0)) + bytes(UInt16(64)) + bytes(UInt16(56)) + bytes(UInt16(2))  // flags, sizes, 2 headers
        file += bytes(UInt16(64)) + bytes(UInt16(0)) + bytes(UInt16(0))
        // PT_LOAD: the whole file at address 0
        file += bytes(UInt32(1)) + bytes(UInt32(4)) + bytes(UInt64(0)) + bytes(UInt64(0)) + bytes(UInt64(0))
        file += bytes(size) + bytes(size) + bytes(UInt64(0x1000))
        // PT_DYNAMIC
        let dynamicSize = UInt64(dynamic.count * 16)
        file += bytes(UInt32(2)) + bytes(UInt32(6)) + bytes(UInt64(dynamicOffset)) + bytes(UInt64(dynamicOffset))
        file += bytes(UInt64(dynamicOffset)) + bytes(dynamicSize) + bytes(dynamicSize) + bytes(UInt64(8))
        for (tag, value) in dynamic { file += bytes(tag) + bytes(value) }
        return file + strings
    }
}
