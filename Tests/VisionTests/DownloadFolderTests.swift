import Foundation
import Testing
@testable import VisionRuntime

/// A download never replaces a file the user has: it takes the next free numbered name.
@Suite struct DownloadFolderTests {
    @Test func aTakenNameGetsTheNextFreeNumber() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("downloads-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func touch(_ name: String) { #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data())) }

        #expect(DownloadFolder.freePath(for: folder + "/report.pdf") == folder + "/report.pdf", "a free name is kept")
        touch("report.pdf")
        touch("report (1).pdf")
        #expect(DownloadFolder.freePath(for: folder + "/report.pdf") == folder + "/report (2).pdf")
        touch("README")
        #expect(DownloadFolder.freePath(for: folder + "/README") == folder + "/README (1)", "no extension")
        touch(".env")
        #expect(DownloadFolder.freePath(for: folder + "/.env") == folder + "/.env (1)", "a dot file's name is all stem")
        touch("archive.tar.gz")
        #expect(DownloadFolder.freePath(for: folder + "/archive.tar.gz") == folder + "/archive.tar (1).gz")
        for number in 1...999 { touch("full (\(number)).txt") }
        touch("full.txt")
        #expect(DownloadFolder.freePath(for: folder + "/full.txt") == nil, "bounded: 999 names, then a refusal")
    }
}
