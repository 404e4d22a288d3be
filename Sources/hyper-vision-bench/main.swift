// `make bench`: each section prints `name key=value ...` lines; ratios are measured side by side.
// Sections: json, store (default: all).
let sections = CommandLine.arguments.dropFirst()
let all = sections.isEmpty
if all || sections.contains("json") { try JSONBench.run() }
if all || sections.contains("store") { runStoreBenchmarks() }
