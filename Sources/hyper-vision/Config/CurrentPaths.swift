import HyperStore

extension AppPaths {
    /// The paths for this process's environment.
    static var current: AppPaths { AppPaths(environment: ProcessEnvironment.all) }
}
