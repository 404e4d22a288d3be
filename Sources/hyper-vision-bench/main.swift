// `make bench`: each section prints `name key=value ...` lines; ratios are measured side by side.
let sections = CommandLine.arguments.dropFirst()
let all = sections.isEmpty
if all || sections.contains("json") { try JSONBench.run() }
