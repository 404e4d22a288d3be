import Testing

/// A trait that provides its scope to each test case on its own, whether it is put on a suite
/// (every test case in it) or on one test: a suite or a parameterized test does not hold the
/// scope for all of its cases at once (`.heavy` would hold the turn, `.ownThread` one thread).
public protocol TestCaseScoping: TestTrait, SuiteTrait, TestScoping {}

extension TestCaseScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }
}
